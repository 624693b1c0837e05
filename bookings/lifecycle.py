"""Status transitions: conditional updates that check the row count, each recorded in the history."""

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.dispatch import Signal
from django.utils import timezone

from bookings.models import Booking, Status, StatusChange
from bookings.models.join import meeting_room_name
from bookings.notes import Note, note_fields
from interpreters.presence import presence_clear_for_job

ALLOWED = {
    Status.SUBMITTED: {Status.OFFERED, Status.CONFIRMED, Status.UNFILLED, Status.CANCELLED},
    Status.OFFERED: {Status.OFFERED, Status.SUBMITTED, Status.CONFIRMED, Status.UNFILLED, Status.CANCELLED},
    Status.UNFILLED: {Status.OFFERED, Status.CONFIRMED, Status.CANCELLED},
    Status.CONFIRMED: {Status.COMPLETED, Status.CANCELLED, Status.SUBMITTED},
    Status.COMPLETED: set(),
    Status.CANCELLED: set(),
}


# Sent inside the transaction of every status change and of every booking's creation, after its history row, with
# `booking` (as it now is) and `change` (the StatusChange). The one way an app above bookings hears of every step in
# one place: the webhooks' outbox (webhooks/apps.py) writes its rows in that same transaction, so they exist exactly
# when the change was committed. Its receivers must not fail for reasons of their own: an error rolls the step back.
status_changed = Signal()


class TransitionError(Exception):
    """The booking is no longer in a status that allows this step."""


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED.get(from_status, set())


def booking_transition(
    *,
    booking: Booking,
    to: str,
    by=None,
    note: str | Note = "",
    typed_note: str = "",
    from_statuses=None,
    now=None,
    locked: bool = False,
    **fields,
) -> Booking:
    """Move `booking` to status `to` if it is still in one of `from_statuses` (default: any that allows it).

    Locks the row, then updates it only when its status is still as expected, so that two workers or
    two users never both win. Raises TransitionError when the row had already moved on. Extra `fields` are set in the
    same update. Records the change in the booking's history, with `note`: a Note (a system sentence, rendered in
    the reader's language) or text a person typed; `typed_note` is text a person added to a Note. `locked`: the
    caller holds the row's lock and read `booking` under it (matching's rounds), so its status is the current one
    and nothing is locked or read again (with plain values in `fields`).
    """
    now = now or timezone.now()
    if to == Status.CONFIRMED:
        # a room of its own, kept when the job is confirmed again (after a withdrawal, say)
        fields["meeting_room"] = Case(When(meeting_room="", then=Value(meeting_room_name())), default=F("meeting_room"))
    allowed_from = [s for s in (from_statuses or Status.values) if can_transition(s, to)]
    plain = locked and not any(hasattr(value, "resolve_expression") for value in fields.values())
    with transaction.atomic():
        if plain:
            current = booking.status
        else:
            current = Booking.objects.select_for_update().filter(pk=booking.pk).values_list("status", flat=True).first()
        changed = Booking.objects.filter(pk=booking.pk, status__in=allowed_from).update(
            status=to, updated_at=now, **fields
        )
        if not changed:
            raise TransitionError(f"{booking.reference}: {current} → {to} is not possible")
        change = StatusChange.objects.create(
            booking=booking,
            from_status=current or "",
            to_status=to,
            by=by,
            at=now,
            **note_fields(note, typed=typed_note),
        )
        if to == Status.CONFIRMED and "interpreter" in fields:
            presence_clear_for_job(interpreter_id=fields["interpreter"].pk, starts_at=booking.starts_at)
        if plain:
            for name, value in {**fields, "status": to, "updated_at": now}.items():
                setattr(booking, name, value)
        else:
            booking.refresh_from_db()
        status_changed.send(sender=Booking, booking=booking, change=change)
    return booking


def record_creation(*, booking: Booking, by=None, note: str | Note = "") -> StatusChange:
    """The booking's first history row; call it in the transaction that created the booking."""
    change = StatusChange.objects.create(
        booking=booking, from_status="", to_status=booking.status, by=by, at=booking.created_at, **note_fields(note)
    )
    status_changed.send(sender=Booking, booking=booking, change=change)
    return change
