"""Thin Celery tasks of matching: take ids, re-fetch, call one service, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from bookings.periodic import once_per_period
from matching.certification import certification_lapses_flag
from matching.rounds import booking_match, bookings_escalate_due, bookings_stalled, offers_expire


@shared_task(name="bookings.match_booking")
def match_booking(booking_id: int) -> None:
    booking_match(booking_id=booking_id)


@shared_task(name="bookings.sweep_offer_rounds")
@once_per_period("bookings.sweep_offer_rounds")
def sweep_offer_rounds() -> None:
    """Beat, every minute (once, however many beats): escalate what is too late, expire offers, start the next
    rounds."""
    now = timezone.now()
    bookings_escalate_due(now=now)
    for booking_id in offers_expire(now=now) + bookings_stalled(now=now):
        match_booking.delay(booking_id)


@shared_task(name="bookings.flag_certification_lapses")
def flag_certification_lapses() -> None:
    """Beat, daily: flag confirmed jobs whose interpreter's certification lapses before the start."""
    certification_lapses_flag()
