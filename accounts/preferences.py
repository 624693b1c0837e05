"""Which notifications a user may switch off. The kinds a job cannot happen without are not listed here,
so they are always sent: offer made, booking confirmed, booking cancelled, the interpreter's 24-hour
reminder, a missing timesheet, staff alerts."""

from django.utils.translation import gettext_lazy as _

# kind code (as used by notifications.outbox) → label on the preferences page
OPTIONAL_NOTIFICATIONS = {
    "booking_received": _("Bevestiging dat we je aanvraag ontvingen"),
    "booking_changed": _("Een boeking werd gewijzigd"),
    "reminder_requester": _("Herinnering 24 uur voor een afspraak"),
    "offer_expiring": _("Een aanbod verloopt bijna"),
    "offer_withdrawn": _("Een aanbod werd ingetrokken"),
}


def is_optional(kind: str) -> bool:
    return kind in OPTIONAL_NOTIFICATIONS
