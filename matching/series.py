"""A series offered as one block: its earliest waiting date carries the offer of all its dates, so one
interpreter can take the whole series with one answer. Dates that clash with the interpreter's other jobs,
absences or weekly hours are shown, and stay open for someone else. A planner can split a series: then each
date is matched on its own.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Offer, Status, Withdrawal
from bookings.notes import Note
from interpreters.availability import is_absent, within_weekly_hours
from interpreters.models import Interpreter
from matching.candidates import AssignmentConflict, assignment_conflict, assignment_lock
from matching.offers import offer_accept, offer_decline, withdraw_open_offers
from matching.oneclick import refuse_if_closed
from matching.series_block import WAITING, block_dates
from notifications import events


@dataclass
class SeriesDate:
    booking: Booking
    clash: str = ""  # why this interpreter cannot take this date; empty when free
    confirmed: bool = False


def clash_for(booking: Booking, interpreter: Interpreter) -> str:
    """Why this interpreter cannot take this date (absence, weekly hours, another job, withdrew), or ""."""
    if is_absent(interpreter=interpreter, starts_at=booking.starts_at, ends_at=booking.ends_at):
        return _("Afwezig")
    if not within_weekly_hours(interpreter=interpreter, starts_at=booking.starts_at, ends_at=booking.ends_at):
        return _("Buiten je weekuren")
    job = assignment_conflict(booking=booking, interpreter=interpreter)
    if job is not None:
        return _("Je hebt dan al opdracht %(ref)s") % {"ref": job.reference}
    if Withdrawal.objects.filter(booking=booking, interpreter=interpreter).exists():
        return _("Je trok je terug uit deze datum")
    return ""


def block_preview(offer: Offer) -> list[SeriesDate]:
    """The offer's later series dates, each with its clash for the offered interpreter."""
    interpreter = offer.interpreter
    return [SeriesDate(booking=date, clash=clash_for(date, interpreter)) for date in block_dates(offer.booking)]


def _confirm_date(booking: Booking, interpreter: Interpreter, *, by, now: datetime, note: Note) -> str:
    """Put the interpreter on one more date of the block; the reason it could not, or ""."""
    try:
        with transaction.atomic():
            assignment_lock(booking=booking, interpreter=interpreter)
            booking = booking_transition(
                booking=booking,
                to=Status.CONFIRMED,
                by=by,
                note=note,
                from_statuses=[*WAITING, Status.UNFILLED],
                now=now,
                interpreter=interpreter,
            )
            withdraw_open_offers(booking=booking, now=now)
            events.notify_booking_confirmed(booking)
    except TransitionError:
        return _("Al aan iemand anders toegewezen of geannuleerd")
    except (IntegrityError, AssignmentConflict):
        return _("Je hebt dan al een andere opdracht")
    return ""


def offer_accept_series(
    *, offer: Offer, by=None, now: datetime | None = None, via: Note | None = None
) -> list[SeriesDate]:
    """Accept the offer and every later date of its block that does not clash. First accept wins on the offer
    itself (offer_accept); each later date is then taken in its own transaction, so one taken meanwhile stays
    with whoever has it. Returns every date of the block (the offer's first), confirmed or with its clash."""
    now = now or timezone.now()
    preview = block_preview(offer)
    with transaction.atomic():  # the next date's round (enqueued by offer_accept) starts once all are taken
        booking = offer_accept(offer=offer, by=by, now=now, via=via)
        note = Note("series_accepted", {"name": str(offer.interpreter), "ref": booking.reference})
        for date in preview:
            if not date.clash:
                date.clash = _confirm_date(date.booking, offer.interpreter, by=by, now=now, note=note)
            date.confirmed = not date.clash
    return [SeriesDate(booking=booking, confirmed=True), *preview]


def offer_respond(*, offer: Offer, action: str, by, reason: str = "", now=None, click: dict | None = None):
    """Accept or decline an offer, after checking it is still open; LinkRefused (with why) or OfferUnavailable
    otherwise. `click` (`address`, `user_agent`) is where a one-click link was used from: whoever holds the link
    can use it, so the booking's history records where it came from."""
    refuse_if_closed(offer, now=now)
    via = _oneclick_note(click) if click is not None else None
    if action == "accept_series":
        return offer_accept_series(offer=offer, by=by, now=now, via=via)
    if action == "accept":
        return offer_accept(offer=offer, by=by, now=now, via=via)
    return offer_decline(offer=offer, by=by, reason=reason, now=now, via=via)


def _oneclick_note(click: dict) -> Note:
    return Note("oneclick", {"address": click.get("address") or "?", "agent": (click.get("user_agent") or "?")[:200]})
