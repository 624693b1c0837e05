"""Thin Celery tasks: take ids, re-fetch, call one service, safe to run twice."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="bookings.match_booking")
def match_booking(booking_id: int) -> None:
    from bookings.matching import booking_match

    booking_match(booking_id=booking_id)


@shared_task(name="bookings.sweep_offer_rounds")
def sweep_offer_rounds() -> None:
    """Beat, every minute: escalate what is too late, expire offers, start the next rounds."""
    from bookings.rounds import bookings_escalate_due, bookings_stalled, offers_expire

    now = timezone.now()
    bookings_escalate_due(now=now)
    for booking_id in offers_expire(now=now) + bookings_stalled(now=now):
        match_booking.delay(booking_id)


# the outbox and reminder tasks live in their own module; imported here so that the worker registers them
from bookings.message_tasks import flush_outbox, send_message, send_reminders  # noqa: E402, F401


@shared_task(name="bookings.flag_certification_lapses")
def flag_certification_lapses() -> None:
    """Beat, daily: flag confirmed jobs whose interpreter's certification lapses before the start."""
    from bookings.certification import certification_lapses_flag

    certification_lapses_flag()
