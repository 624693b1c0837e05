"""“Nu een tolk”: when the next wave of an immediate job is due.

A wave is an offer round (matching/rounds.py round_start) to TOLK_IMMEDIATE_WAVE_SIZE present interpreters,
open TOLK_IMMEDIATE_WAVE_SECONDS; the next wave starts when it expires (or at once when all of it declined),
until TOLK_IMMEDIATE_GIVE_UP_SECONDS after the request, when the job becomes unfilled. Celery runs each wave
at its moment (matching/tasks.py immediate_wave, an eta task); the minute sweep catches up on a lost one.
"""

from datetime import datetime, timedelta

from django.conf import settings

from bookings.models import Booking, Offer, OfferStatus, Status
from matching.rounds import booking_cutoff


def next_wave_at(*, booking_id: int, made: list[Offer], now: datetime) -> datetime | None:
    """After a round_start that made the offers `made`: when to look again, or None (not an immediate job
    still waiting, or a wave still running, whose end was scheduled when it started)."""
    booking = Booking.objects.filter(pk=booking_id, immediate=True, status__in=[Status.SUBMITTED, Status.OFFERED])
    booking = booking.first()
    if booking is None:
        return None
    if made:
        return max(offer.expires_at for offer in made)
    if booking.offers.filter(status=OfferStatus.OPEN).exists():
        return None
    # nobody present and free yet: look again in a wave's time
    return min(now + timedelta(seconds=settings.TOLK_IMMEDIATE_WAVE_SECONDS), booking_cutoff(booking))


def immediate_progress(booking: Booking, *, now: datetime) -> dict:
    """What the requester's page shows while an immediate job looks for someone: the wave, how many were asked,
    how long it has been looking and how long it still will."""
    rounds = list(booking.offers.values_list("round_number", "status"))
    give_up = booking_cutoff(booking)
    return {
        "wave": max((number for number, _status in rounds), default=0),
        "asked": len(rounds),
        "open": sum(1 for _number, status in rounds if status == OfferStatus.OPEN),
        "waiting_seconds": max(0, int((now - booking.created_at).total_seconds())),
        "seconds_left": max(0, int((give_up - now).total_seconds())),
    }
