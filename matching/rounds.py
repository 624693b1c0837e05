"""Offer rounds: a few candidates at a time, expiry found by a periodic scan, escalation to staff.

Every function here is safe to run twice and from two workers at once: a round starts with the booking
row locked and only when no offer of the previous round is still open; expired offers are claimed with a
conditional update, so only one worker goes on with each.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import policy
from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Kind, Offer, OfferStatus, Status, StatusChange
from matching import offer_mails
from matching.candidates import candidates_for, language_holders
from matching.offers import withdraw_open_offers
from matching.ranked_modes import booking_next_mode, next_mode_option
from notifications import events

LOOKBACK = timedelta(days=7)


def _moment(booking: Booking) -> datetime:
    """What the clock runs towards: the start of a job, the deadline of a translation."""
    return booking.deadline if booking.kind == Kind.TRANSLATION and booking.deadline else booking.starts_at


def booking_cutoff(booking: Booking) -> datetime:
    return policy.unfilled_cutoff(_moment(booking), booking.mode)


def no_candidates_reason(booking: Booking) -> str:
    if not language_holders(booking).exists():
        return _("Geen actieve tolk voor deze taal")
    if not booking.offers.exists():
        return _("Geen tolk voldoet aan alle voorwaarden")
    return _("Alle kandidaten weigerden of antwoordden niet op tijd")


def booking_escalate(*, booking: Booking, reason: str, now: datetime, by=None) -> Booking:
    """No interpreter found: the booking becomes unfilled, open offers are withdrawn and staff are told."""
    with transaction.atomic():
        withdraw_open_offers(booking=booking, now=now)
        if booking.status == Status.UNFILLED:
            StatusChange.objects.create(
                booking=booking, from_status=Status.UNFILLED, to_status=Status.UNFILLED, by=by, at=now, note=reason
            )
            return booking
        booking = booking_transition(
            booking=booking,
            to=Status.UNFILLED,
            by=by,
            note=reason,
            from_statuses=[Status.SUBMITTED, Status.OFFERED],
            now=now,
        )
        events.notify_booking_unfilled(booking)
    return booking


def round_start(*, booking: Booking, now: datetime, by=None) -> list[Offer]:
    """Offer the job to the next TOLK_CANDIDATES_PER_ROUND candidates; none left or too late: unfilled."""
    with transaction.atomic():
        # the place with it: matching reads it (distance box, travel); the lock stays on the booking's row alone
        locked = Booking.objects.select_for_update(of=("self",)).select_related("municipality")
        booking = locked.filter(pk=booking.pk).first()
        if booking is None or booking.status not in Status.open_values():
            return []
        booking.offers.filter(status=OfferStatus.OPEN, expires_at__lte=now).update(
            status=OfferStatus.EXPIRED, responded_at=now
        )
        if booking.offers.filter(status=OfferStatus.OPEN).exists():
            return []  # this round is still running
        while True:  # ranked modes (matching/ranked_modes.py): the next mode when this one runs out
            cutoff = booking_cutoff(booking)
            if now >= cutoff:
                reason = _("Te kort voor het begin om nog een tolk te zoeken")
            else:
                candidates = candidates_for(booking, now=now)[: settings.TOLK_CANDIDATES_PER_ROUND]
                if candidates:
                    break
                reason = no_candidates_reason(booking)
            if not booking_next_mode(booking=booking, now=now, reason=reason, by=by):
                booking_escalate(booking=booking, reason=reason, now=now, by=by)
                return []
        number = (booking.offers.aggregate(last=Max("round_number"))["last"] or 0) + 1
        expires_at = min(policy.round_expiry(_moment(booking), now), cutoff)
        offers = Offer.objects.bulk_create(
            Offer(
                booking=booking,
                interpreter=candidate.interpreter,
                round_number=number,
                mode=booking.mode,
                rank=rank,
                reasons=candidate.reasons,
                distance_km=candidate.distance_km,
                created_at=now,
                expires_at=expires_at,
            )
            for rank, candidate in enumerate(candidates, start=1)
        )
        note = _("Ronde %(number)d: aangeboden aan %(names)s") % {
            "number": number,
            "names": ", ".join(str(c.interpreter) for c in candidates),
        }
        booking_transition(booking=booking, to=Status.OFFERED, by=by, note=note, from_statuses=Status.open_values())
        offer_mails.notify_offers_made(offers)  # the round's mails in one INSERT, rendered by their send tasks
    return offers


def offers_expire(*, now: datetime, limit: int = 1000) -> list[int]:
    """Claim open offers past their expiry; return the bookings whose round is now over."""
    due = Offer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now).values_list("pk", "booking_id")[:limit]
    finished = set()
    for pk, booking_id in list(due):
        claimed = Offer.objects.filter(pk=pk, status=OfferStatus.OPEN).update(
            status=OfferStatus.EXPIRED, responded_at=now
        )
        if claimed:
            finished.add(booking_id)
    still_open = set(
        Offer.objects.filter(booking_id__in=finished, status=OfferStatus.OPEN).values_list("booking_id", flat=True)
    )
    return sorted(finished - still_open)


def bookings_escalate_due(*, now: datetime) -> list[int]:
    """Open bookings whose cut-off has passed become unfilled (each once: the transition is conditional)."""
    horizon = now + timedelta(
        minutes=max(settings.TOLK_UNFILLED_ON_SITE_MINUTES, settings.TOLK_UNFILLED_REMOTE_MINUTES)
    )
    # a week back at most: older open rows are history (e.g. imported), not requests still looking for someone
    since = now - LOOKBACK
    waiting = Booking.objects.filter(status__in=[Status.SUBMITTED, Status.OFFERED])
    due = waiting.filter(kind=Kind.INTERPRETING, starts_at__lte=horizon, starts_at__gte=since) | waiting.filter(
        kind=Kind.TRANSLATION, deadline__lte=horizon, deadline__gte=since
    )
    escalated = []
    for booking in due:
        if booking_cutoff(booking) > now:
            continue
        if next_mode_option(booking) is not None:
            round_start(booking=booking, now=now)  # goes on with the next ranked mode
            continue
        try:
            booking_escalate(booking=booking, reason=_("Niet op tijd ingevuld"), now=now)
        except TransitionError:
            continue  # another worker or an accept got there first
        escalated.append(booking.pk)
    return escalated


def bookings_stalled(*, now: datetime) -> list[int]:
    """Submitted bookings that never got a round (their match task was lost): match them again."""
    return list(
        Booking.objects.filter(
            status=Status.SUBMITTED,
            created_at__lte=now - timedelta(seconds=settings.TOLK_MATCH_STALLED_SECONDS),
            offers__isnull=True,
        )
        .filter(Q(kind=Kind.INTERPRETING, starts_at__gt=now) | Q(kind=Kind.TRANSLATION, deadline__gt=now))
        .values_list("pk", flat=True)
        .distinct()[:500]
    )


def booking_reopen(*, booking: Booking, by, now: datetime | None = None) -> list[Offer]:
    """Staff: look for interpreters again (an unfilled booking, or one whose round has ended)."""
    now = now or timezone.now()
    if booking.status not in Status.open_values():
        raise ValidationError(_("Deze boeking staat niet meer open."))
    return round_start(booking=booking, now=now, by=by)


def booking_match(*, booking_id: int, now: datetime | None = None) -> None:
    """Run the next offer round for a waiting booking. Gone, cancelled or already taken: nothing happens."""
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None or booking.status not in (Status.SUBMITTED, Status.OFFERED):
        return
    round_start(booking=booking, now=now or timezone.now())
