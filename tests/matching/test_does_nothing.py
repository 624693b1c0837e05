"""Matching a booking that moved on in the meantime does nothing and raises nothing."""

import pytest

from bookings.models import Status
from matching.rounds import booking_match
from tests.factories import BookingFactory, InterpreterFactory
from tests.matching.outbox import queued

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.CONFIRMED, Status.COMPLETED, Status.UNFILLED])
def test_matching_a_booking_that_is_no_longer_waiting_changes_nothing(status, now):
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(status=status, interpreter=interpreter if status in ("confirmed", "completed") else None)
    history = booking.history.count()
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == status
    assert not booking.offers.exists()
    assert booking.history.count() == history
    assert queued() == []  # and tells no one


def test_matching_a_deleted_booking_does_nothing(now):
    booking = BookingFactory()
    booking_id = booking.pk
    booking.delete()
    assert booking_match(booking_id=booking_id, now=now) == []
