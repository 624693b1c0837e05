"""Offer rounds: a few candidates at a time, expiry found by a periodic scan, escalation to staff.

Every function here is safe to run twice and from two workers at once: a round starts with the booking
row locked and only when no offer of the previous round is still open; expired offers are claimed with a
conditional update, so only one worker goes on with each.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Max, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import policy
from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Kind, Offer, OfferStatus, Status, StatusChange
from bookings.notes import Note, note_fields
from matching import offer_mails
from matching.candidates import candidates_for, language_holders, reason_notes
from matching.offers import withdraw_open_offers
from matching.ranked_modes import booking_next_mode, next_mode_option
from matching.series_block import waits_for_earlier_date
from notifications import events

logger = logging.getLogger(__name__)
LOOKBACK = timedelta(days=7)


def _moment(booking: Booking) -> datetime:
    """What the clock runs towards: the start of a job, the deadline of a translation."""
    return booking.deadline if booking.kind == Kind.TRANSLATION and booking.deadline else booking.starts_at


def booking_cutoff(booking: Booking) -> datetime:
    if booking.immediate:
        return policy.immediate_give_up_at(booking.created_at)
    return policy.unfilled_cutoff(_moment(booking), booking.mode)


def _round_size(booking: Booking) -> int:
    return settings.TOLK_IMMEDIATE_WAVE_SIZE if booking.immediate else settings.TOLK_CANDIDATES_PER_ROUND


def _round_expiry(booking: Booking, now: datetime, cutoff: datetime) -> datetime:
    if booking.immediate:
        return policy.immediate_wave_expiry(now, booking.created_at)
    return min(policy.round_expiry(_moment(booking), now), cutoff)


def no_candidates_reason(booking: Booking) -> Note:
    if not language_holders(booking).exists():
        return Note("no_language_holder")
    if not booking.offers.exists():
        return Note("no_candidate")
    return Note("all_declined")


def booking_escalate(*, booking: Booking, reason: Note, now: datetime, by=None) -> Booking:
    """No interpreter found: the booking becomes unfilled, open offers are withdrawn and staff are told."""
    with transaction.atomic():
        withdraw_open_offers(booking=booking, now=now)
        if booking.status == Status.UNFILLED:
            StatusChange.objects.create(
                booking=booking,
                from_status=Status.UNFILLED,
                to_status=Status.UNFILLED,
                by=by,
                at=now,
                **note_fields(reason),
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


def _locked(booking: Booking) -> Booking | None:
    """The booking's row locked, with its place: matching reads it (distance box, travel); the lock stays on the
    booking's row alone."""
    return Booking.objects.select_for_update(of=("self",)).select_related("municipality").filter(pk=booking.pk).first()


def round_start(*, booking: Booking, now: datetime, by=None) -> list[Offer]:
    """Offer the job to the next TOLK_CANDIDATES_PER_ROUND candidates; none left or too late: unfilled."""
    with transaction.atomic():
        booking = _locked(booking)
        if booking is None:
            return []
        return _round_for_locked(booking=booking, now=now, by=by)


def _round_for_locked(*, booking: Booking, now: datetime, by=None, fresh: bool = False) -> list[Offer]:
    """round_start's work, inside the transaction that holds the booking's row lock. `fresh`: claimed as having no
    offer at all (_first_rounds_claim), which the lock keeps true."""
    if booking.status not in Status.open_values():
        return []
    if waits_for_earlier_date(booking):
        return []  # offered with the earlier date of its series, as one block (matching/series.py)
    if not fresh and (booking.status != Status.SUBMITTED or booking.offers.exists()):
        # a round before this one: its offers past their expiry end now; one still open keeps the round running
        booking.offers.filter(status=OfferStatus.OPEN, expires_at__lte=now).update(
            status=OfferStatus.EXPIRED, responded_at=now
        )
        if booking.offers.filter(status=OfferStatus.OPEN).exists():
            return []  # this round is still running
        number = (booking.offers.aggregate(last=Max("round_number"))["last"] or 0) + 1
    else:
        number = 1  # submitted without any offer (the burst's case): the first round, two queries fewer
    while True:  # ranked modes (matching/ranked_modes.py): the next mode when this one runs out
        cutoff = booking_cutoff(booking)
        if now >= cutoff:
            reason = _too_late_reason(booking)
        else:
            candidates = candidates_for(booking, now=now)[: _round_size(booking)]
            if candidates:
                break
            if booking.immediate:
                return []  # someone may still become present: the next wave looks again (matching/tasks.py)
            reason = no_candidates_reason(booking)
        if not booking_next_mode(booking=booking, now=now, reason=reason, by=by):
            booking_escalate(booking=booking, reason=reason, now=now, by=by)
            return []
    return _round_make(booking=booking, candidates=candidates, now=now, by=by, cutoff=cutoff, number=number)


def _round_make(
    *, booking: Booking, candidates, now: datetime, by, cutoff: datetime, chosen_by=None, number: int | None = None
) -> list[Offer]:
    """Inside the transaction that locked the booking: the next round's offers to these candidates, their mails.
    `number`: the round's number when the caller knows it."""
    if number is None:
        number = (booking.offers.aggregate(last=Max("round_number"))["last"] or 0) + 1
    expires_at = _round_expiry(booking, now, cutoff)
    offers = Offer.objects.bulk_create(
        Offer(
            booking=booking,
            interpreter=candidate.interpreter,
            round_number=number,
            mode=booking.mode,
            rank=rank,
            reasons=reason_notes(candidate, booking),
            distance_km=candidate.distance_km,
            created_at=now,
            expires_at=expires_at,
        )
        for rank, candidate in enumerate(candidates, start=1)
    )
    params = {"number": number, "names": ", ".join(str(c.interpreter) for c in candidates)}
    note = Note("round_chosen", {"user": str(chosen_by), **params}) if chosen_by else Note("round_offered", params)
    booking_transition(
        booking=booking, to=Status.OFFERED, by=by, note=note, from_statuses=Status.open_values(), locked=True
    )
    offer_mails.notify_offers_made(offers)  # the round's mails in one INSERT, rendered by their send tasks
    return offers


def offers_to_chosen(*, booking: Booking, interpreters, by, now: datetime | None = None) -> list[Offer]:
    """Staff's hand-picked list: offer the job at once to those of `interpreters` who pass every hard rule and
    have not had this offer, as a round of its own beside any round still open. The first to accept wins
    (offer_accept), as with every offer. Raises ValidationError when nobody on the list may get the offer."""
    now = now or timezone.now()
    chosen = {interpreter.pk for interpreter in interpreters}
    with transaction.atomic():
        booking = _locked(booking)
        if booking is None or booking.status not in Status.open_values():
            raise ValidationError(_("Deze boeking staat niet meer open."))
        cutoff = booking_cutoff(booking)
        if now >= cutoff:
            raise ValidationError(_("Te kort voor het begin voor een aanbod: wijs rechtstreeks toe."))
        candidates = [c for c in candidates_for(booking, now=now) if c.interpreter.pk in chosen]
        if not candidates:
            raise ValidationError(
                _("Geen van de gekozen tolken kan dit aanbod krijgen: ze kregen het al of voldoen niet aan de regels.")
            )
        return _round_make(booking=booking, candidates=candidates, now=now, by=by, cutoff=cutoff, chosen_by=by)


def _too_late_reason(booking: Booking) -> Note:
    if booking.immediate:
        return Note("immediate_nobody", {"seconds": settings.TOLK_IMMEDIATE_GIVE_UP_SECONDS})
    return Note("too_late")


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
            booking_escalate(booking=booking, reason=Note("not_filled_in_time"), now=now)
        except TransitionError:
            continue  # another worker or an accept got there first
        escalated.append(booking.pk)
    return escalated


def bookings_stalled(*, now: datetime) -> list[int]:
    """Waiting bookings whose match task was lost (the broker was down): match them again.

    That is a submitted booking without an open offer that has not changed for TOLK_MATCH_STALLED_SECONDS: a new
    booking that never got a round, and a replacement after a withdrawal whose new round never ran (it has the
    offers of before, none open)."""
    quiet_since = now - timedelta(seconds=settings.TOLK_MATCH_STALLED_SECONDS)
    return list(
        Booking.objects.filter(status=Status.SUBMITTED, created_at__lte=quiet_since)
        .filter(Q(kind=Kind.INTERPRETING, starts_at__gt=now) | Q(kind=Kind.TRANSLATION, deadline__gt=now))
        .exclude(offers__status=OfferStatus.OPEN)
        .exclude(history__at__gt=quiet_since)
        .values_list("pk", flat=True)[:500]
    )


def booking_reopen(*, booking: Booking, by, now: datetime | None = None) -> list[Offer]:
    """Staff: look for interpreters again (an unfilled booking, or one whose round has ended)."""
    now = now or timezone.now()
    if booking.status not in Status.open_values():
        raise ValidationError(_("Deze boeking staat niet meer open."))
    return round_start(booking=booking, now=now, by=by)


def _first_rounds_claim(*, first_id: int | None, limit: int):
    """Lock up to `limit` bookings waiting for their first round (submitted, no offer yet, not "Nu een tolk",
    whose waves run on their own), `first_id` first, then the oldest; rows another worker holds are skipped
    (SKIP LOCKED on PostgreSQL). On SQLite the transaction holds the database's one write lock from its start
    (IMMEDIATE, config/settings.py), so a plain read is the claim."""
    waiting = Booking.objects.filter(status=Status.SUBMITTED, immediate=False, offers__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    order = [Case(When(pk=first_id, then=Value(0)), default=Value(1)), "created_at", "pk"] if first_id else ["pk"]
    return list(waiting.select_related("municipality").order_by(*order)[:limit])


def first_rounds_start(*, first_id: int | None = None, now: datetime | None = None, limit: int | None = None):
    """The first round of many waiting bookings in one transaction (a burst of requests): each booking as
    round_start would do it, with its row locked, in a savepoint of its own so that one failing booking (logged)
    leaves the others' rounds standing. Returns booking id → the offers made."""
    now = now or timezone.now()
    made: dict[int, list[Offer]] = {}
    with transaction.atomic():
        for booking in _first_rounds_claim(first_id=first_id, limit=limit or settings.TOLK_MATCH_BATCH):
            try:
                with transaction.atomic():
                    made[booking.pk] = _round_for_locked(booking=booking, now=now, fresh=True)
            except Exception:
                logger.exception("first round of booking %s failed; the sweep tries it again", booking.pk)
    return made


def booking_match(*, booking_id: int, now: datetime | None = None) -> list[Offer]:
    """Run the next offer round for a waiting booking. Gone, cancelled or already taken: nothing happens.
    A booking waiting for its first round is matched together with the others waiting (first_rounds_start):
    in a burst, one task makes the first rounds of many."""
    now = now or timezone.now()
    made = first_rounds_start(first_id=booking_id, now=now)
    if booking_id in made:
        return made[booking_id]
    if Offer.objects.filter(booking_id=booking_id, status=OfferStatus.OPEN, expires_at__gt=now).exists():
        return []  # its round is running (made by another task of the burst): round_start would do nothing
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None or booking.status not in (Status.SUBMITTED, Status.OFFERED):
        return []
    return round_start(booking=booking, now=now)
