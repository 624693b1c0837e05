"""Accepting and declining offers. The first interpreter to accept wins; everyone else gets a clear no."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.enqueue import enqueue, enqueue_on_commit
from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Offer, OfferStatus, Status, StatusChange
from bookings.notes import Note, note_fields
from matching import offer_mails
from matching.candidates import AssignmentConflict, assignment_lock
from notifications import events


class OfferUnavailable(Exception):
    """The offer was already taken, withdrawn, declined or expired (HTTP 409)."""


def withdraw_open_offers(*, booking: Booking, now: datetime) -> None:
    """The job is taken or cancelled: every offer still open is withdrawn and its holder told."""
    offers = list(booking.offers.filter(status=OfferStatus.OPEN))
    Offer.objects.filter(pk__in=[o.pk for o in offers]).update(status=OfferStatus.WITHDRAWN, responded_at=now)
    for offer in offers:
        offer_mails.notify_offer_withdrawn(offer)


def offer_accept(*, offer: Offer, by=None, now: datetime | None = None, via: Note | None = None) -> Booking:
    """Accept: the offer must still be open and unexpired and the booking still waiting for someone.

    One transaction claims the offer (open → accepted) and confirms the booking; if either has moved on,
    nothing changes and OfferUnavailable is raised.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Lock the booking first: a second accept waits here, then finds its offer withdrawn.
            assignment_lock(booking=offer.booking, interpreter=offer.interpreter)
            claimed = Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN, expires_at__gt=now).update(
                status=OfferStatus.ACCEPTED, responded_at=now
            )
            if not claimed:
                raise OfferUnavailable(_("Dit aanbod is niet meer geldig."))
            booking = booking_transition(
                booking=offer.booking,
                to=Status.CONFIRMED,
                by=by,
                note=_accepted_note(offer, via),
                from_statuses=Status.open_values(),
                now=now,
                interpreter=offer.interpreter,
                **({"mode": offer.mode} if offer.mode else {}),
            )
            withdraw_open_offers(booking=booking, now=now)
            events.notify_booking_confirmed(booking)
            enqueue_next_series_date(booking)
    except TransitionError:
        raise OfferUnavailable(_("Deze opdracht is al aan iemand anders toegewezen of geannuleerd.")) from None
    except (IntegrityError, AssignmentConflict):
        # The interpreter meanwhile took another job at that time (buffers, or PostgreSQL's exclusion constraint).
        raise OfferUnavailable(_("Je hebt op dat moment al een andere opdracht.")) from None
    offer.refresh_from_db()
    return booking


def offer_decline(
    *, offer: Offer, by=None, reason: str = "", now: datetime | None = None, via: Note | None = None
) -> Offer:
    """Decline: final for this booking. The next round starts once no offer of this round is open. `via` (how the
    answer came, e.g. a one-click link) goes into the booking's history."""
    now = now or timezone.now()
    with transaction.atomic():
        declined = Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN).update(
            status=OfferStatus.DECLINED, responded_at=now, decline_reason=reason.strip()
        )
        if not declined:
            raise OfferUnavailable(_("Dit aanbod is niet meer geldig."))
        if via:
            booking = offer.booking
            note = Note("offer_declined_via", {"name": str(offer.interpreter), "via": via})
            StatusChange.objects.create(
                booking=booking,
                from_status=booking.status,
                to_status=booking.status,
                by=by,
                at=now,
                **note_fields(note),
            )
        _enqueue_next_round_if_needed(offer.booking_id)
    offer.refresh_from_db()
    return offer


def _accepted_note(offer: Offer, via: Note | None) -> Note:
    if via is None:
        return Note("offer_accepted", {"name": str(offer.interpreter)})
    return Note("offer_accepted_via", {"name": str(offer.interpreter), "via": via})


def offers_withdraw_for_interpreter(*, offers, now: datetime) -> list[Offer]:
    """The interpreter can no longer take these open offers (an absence, new weekly hours): each is withdrawn,
    its holder told, and a booking whose round has no open offer left goes on with the next round."""
    withdrawn = []
    for offer in offers:
        if Offer.objects.filter(pk=offer.pk, status=OfferStatus.OPEN).update(
            status=OfferStatus.WITHDRAWN, responded_at=now
        ):
            offer_mails.notify_offer_withdrawn(offer)
            _enqueue_next_round_if_needed(offer.booking_id)
            withdrawn.append(offer)
    return withdrawn


def _enqueue_next_round_if_needed(booking_id: int) -> None:
    if not Offer.objects.filter(booking_id=booking_id, status=OfferStatus.OPEN).exists():
        from matching.tasks import match_booking  # the task ↔ service pair: tasks.py imports this module

        enqueue_on_commit(match_booking, booking_id)


def enqueue_next_series_date(booking: Booking) -> None:
    """A date of a series was taken: the next date still waiting for its first round gets it (matching/series.py
    offers a series as a block from its earliest waiting date), once the caller's transaction commits."""
    if booking.series_id is None:
        return
    from matching.tasks import match_booking  # the task ↔ service pair: tasks.py imports this module

    def publish() -> None:  # after the commit: the dates taken with it (a whole block) are no longer waiting
        waiting = Booking.objects.filter(series_id=booking.series_id, status=Status.SUBMITTED, offers__isnull=True)
        for pk in waiting.order_by("starts_at").values_list("pk", flat=True)[:1]:
            enqueue(match_booking, pk)

    transaction.on_commit(publish)
