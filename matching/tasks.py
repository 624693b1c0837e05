"""Thin Celery tasks of matching: take ids, re-fetch, call one service, safe to run twice."""

import time

from celery import shared_task
from django.utils import timezone

from bookings.enqueue import enqueue_at
from bookings.periodic import once_per_period
from matching.certification import certification_lapses_flag
from matching.immediate import next_wave_at
from matching.rounds import booking_match, bookings_escalate_due, bookings_stalled, offers_expire


@shared_task(name="bookings.match_booking")
def match_booking(booking_id: int) -> None:
    made = booking_match(booking_id=booking_id)
    schedule_next_wave(booking_id, made)


@shared_task(name="bookings.immediate_wave")
def immediate_wave(booking_id: int, due: float) -> None:
    """The next wave of an immediate job, at `due` (seconds since the epoch). A run before it (a worker whose
    clock is behind, or eager mode) does nothing: the minute sweep catches up."""
    if time.time() < due:
        return
    made = booking_match(booking_id=booking_id)
    schedule_next_wave(booking_id, made)


def schedule_next_wave(booking_id: int, made) -> None:
    """After a round of an immediate job: its next wave at the moment matching/immediate.py says, if any."""
    if made and not made[0].booking.immediate:
        return  # offers of a job that is not immediate: no waves
    moment = next_wave_at(booking_id=booking_id, made=made, now=timezone.now())
    if moment is not None:
        enqueue_at(immediate_wave, moment, booking_id, moment.timestamp())


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
