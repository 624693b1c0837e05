"""Ranked modes: a requester accepts up to three modes in order of preference (e.g. on site, else video,
else phone), each with its own place or connection details (BookingModeOption rows, rank 1 = the first).

The booking row always carries the mode matching is trying now (mode, postcode, municipality, address,
connection_details). Matching offers the job for that mode; when its candidates run out or its cut-off
passes (policy.unfilled_cutoff: on site stops earlier than phone or video), `booking_next_mode` copies the
next option onto the booking, logs it in the history, and the rounds go on for that mode. An accepted
offer confirms the booking in the offer's mode, so the confirmed booking records the mode that was filled.

One offer per (booking, interpreter) stays the rule (Offer's unique constraint): someone offered the job
under the first mode, whether they declined or let it expire, is not offered it again under the next one.
Bookings with one mode keep the older fallback, rounds.booking_switch_to_remote.
"""

from datetime import datetime

from django.db import transaction

from bookings.models import Booking, BookingModeOption, StatusChange
from bookings.notes import Note, note_fields
from notifications import events

MAX_MODES = 3


def next_mode_option(booking: Booking) -> BookingModeOption | None:
    """The option after the one the booking is trying now, or None (no ranked modes, or the last one)."""
    options = list(booking.mode_options.order_by("rank"))
    current = next((o.rank for o in options if o.mode == booking.mode), None)
    if current is None:
        return None
    return next((o for o in options if o.rank > current), None)


def booking_next_mode(*, booking: Booking, now: datetime, reason: Note, by=None) -> bool:
    """Move an open booking on to its next ranked mode; False when there is none. Call with the row locked."""
    option = next_mode_option(booking)
    if option is None:
        return False
    with transaction.atomic():
        previous = booking.mode
        fields = {
            "mode": option.mode,
            "postcode": option.postcode,
            "municipality_id": option.municipality_id,
            "address": option.address,
            "connection_details": option.connection_details,
        }
        Booking.objects.filter(pk=booking.pk, mode=previous).update(updated_at=now, **fields)
        for name, value in {**fields, "updated_at": now}.items():
            setattr(booking, name, value)
        note = Note("next_mode", {"old": previous, "new": option.mode, "reason": reason})
        StatusChange.objects.create(
            booking=booking, from_status=booking.status, to_status=booking.status, by=by, at=now, **note_fields(note)
        )
        events.notify_booking_changed(booking)
    return True


def mode_options_create(*, booking: Booking, alternatives: list[dict]) -> list[BookingModeOption]:
    """Store the ranked modes of a new booking: rank 1 is the booking's own mode, then the alternatives."""
    if not alternatives:
        return []
    first = BookingModeOption(
        booking=booking,
        rank=1,
        mode=booking.mode,
        postcode=booking.postcode,
        municipality=booking.municipality,
        address=booking.address,
        connection_details=booking.connection_details,
    )
    rest = [BookingModeOption(booking=booking, rank=rank, **option) for rank, option in enumerate(alternatives, 2)]
    return BookingModeOption.objects.bulk_create([first, *rest])
