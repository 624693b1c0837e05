from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from bookings.models import OfferStatus, Status
from portal.services import booking_cancel
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
pytestmark = pytest.mark.django_db


def test_cancelling_more_than_24_hours_ahead_is_free(now):
    booking = BookingFactory(starts_at=now + timedelta(hours=24, minutes=1))
    booking = booking_cancel(booking=booking, by=UserFactory(), reason="Cliënt verhuisd", now=now)
    assert booking.status == Status.CANCELLED
    assert booking.late_cancellation is False


def test_cancelling_exactly_24_hours_ahead_is_late(now):
    booking = BookingFactory(starts_at=now + timedelta(hours=24))
    booking = booking_cancel(booking=booking, by=UserFactory(), reason="Afspraak verzet", now=now)
    assert booking.late_cancellation is True


def test_the_24_hours_are_real_hours_across_the_spring_dst_change():
    # Clocks go from 02:00 to 03:00 on Sunday 29 March 2026: Saturday 09:30 is only 23 hours before
    # Sunday 09:30, so cancelling then is already late.
    starts_at = datetime(2026, 3, 29, 9, 30, tzinfo=BRUSSELS)
    booking = BookingFactory(starts_at=starts_at)
    saturday_same_clock_time = datetime(2026, 3, 28, 9, 30, tzinfo=BRUSSELS)
    booking = booking_cancel(booking=booking, by=UserFactory(), reason="Ziek", now=saturday_same_clock_time)
    assert booking.late_cancellation is True


def test_the_24_hours_are_real_hours_across_the_autumn_dst_change():
    # Clocks go back on Sunday 25 October 2026: Saturday 10:00 is 25 hours before Sunday 09:00.
    starts_at = datetime(2026, 10, 25, 9, 0, tzinfo=BRUSSELS)
    booking = BookingFactory(starts_at=starts_at)
    booking = booking_cancel(
        booking=booking, by=UserFactory(), reason="Ziek", now=datetime(2026, 10, 24, 9, 30, tzinfo=BRUSSELS)
    )
    assert booking.late_cancellation is False


def test_cancelling_records_who_and_why_in_the_history(now):
    user = UserFactory()
    booking = BookingFactory(starts_at=now + timedelta(days=3))
    booking_cancel(booking=booking, by=user, reason="Niet meer nodig", now=now)
    change = booking.history.get(to_status=Status.CANCELLED)
    assert (change.from_status, change.by, change.note) == (Status.SUBMITTED, user, "Niet meer nodig")


def test_cancelling_withdraws_open_offers(now):
    offer = OfferFactory()
    booking_cancel(booking=offer.booking, by=UserFactory(), reason="Niet meer nodig", now=now)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN


def test_a_completed_booking_cannot_be_cancelled(now):
    booking = BookingFactory(status=Status.COMPLETED, interpreter=InterpreterFactory())
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, by=UserFactory(), reason="Te laat", now=now)
    booking.refresh_from_db()
    assert booking.status == Status.COMPLETED


def test_a_reason_is_required(now):
    booking = BookingFactory()
    with pytest.raises(ValidationError) as raised:
        booking_cancel(booking=booking, by=UserFactory(), reason="  ", now=now)
    assert "reason" in raised.value.message_dict
