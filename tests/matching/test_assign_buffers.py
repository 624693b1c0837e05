"""Assigning by hand respects the buffers around the interpreter's other jobs."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from bookings.models import Status
from matching.offers import OfferUnavailable, offer_accept
from portal.services import booking_assign
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_staff_cannot_assign_an_interpreter_whose_other_job_ends_within_the_buffer(now):
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory()
    BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=booking.ends_at + timedelta(minutes=5))
    with pytest.raises(ValidationError) as error:
        booking_assign(booking=booking, interpreter=interpreter, by=StaffFactory(), now=now)
    assert "interpreter" in error.value.message_dict
    booking.refresh_from_db()
    assert booking.status == Status.SUBMITTED


def test_staff_can_assign_when_the_buffer_is_kept(now):
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory()
    BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=booking.ends_at + timedelta(minutes=30))
    booking = booking_assign(booking=booking, interpreter=interpreter, by=StaffFactory(), now=now)
    assert booking.status == Status.CONFIRMED


def test_accepting_an_offer_that_no_longer_leaves_a_buffer_is_refused(now):
    offer = OfferFactory()
    BookingFactory(
        status=Status.CONFIRMED,
        interpreter=offer.interpreter,
        starts_at=offer.booking.starts_at - timedelta(minutes=65),
    )
    with pytest.raises(OfferUnavailable):
        offer_accept(offer=offer, now=now)
    offer.booking.refresh_from_db()
    assert offer.booking.status == Status.OFFERED
