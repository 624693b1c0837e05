"""What a new interpreter request starts with: the sector the organisation usually books for, and for "book
again" everything of an earlier booking but its date."""

from django.utils import timezone

from bookings.models import Booking
from organisations.models import SECTOR_BY_KIND, Organisation

# What "book again" copies from an earlier booking into the form (its date and time are the new ones).
AGAIN_FIELDS = [
    "mode",
    "duration_minutes",
    "address",
    "postcode",
    "connection_details",
    "contact_on_site",
    "sector",
    "gender_preference",
    "gender_required",
    "preferred_required",
    "variety_text",
    "variety_required",
    "min_level",
    "min_level_required",
    "notes",
    "requester_reference",
]


def default_sector(organisation: Organisation) -> str:
    """The sector of the organisation's last booking, else the one its kind suggests."""
    last = (
        Booking.objects.for_organisation(organisation)
        .order_by("-created_at", "-pk")
        .values_list("sector", flat=True)
        .first()
    )
    return last or SECTOR_BY_KIND.get(organisation.kind, "andere")


def booking_form_initial(*, organisation: Organisation, again: Booking | None = None) -> dict:
    initial = {"organisation": organisation, "sector": default_sector(organisation)}
    if again is not None:
        initial.update({name: getattr(again, name) for name in AGAIN_FIELDS})
        initial.update(
            organisation=again.organisation,
            language=again.language_id,
            variety=again.variety_id or "",
            preferred_interpreter=again.preferred_interpreter_id,
            start_time=timezone.localtime(again.starts_at).time(),
        )
    return initial
