"""Event notifications. Each function records what to send in the outbox (bookings.models.Message);
the reminders work fills them in. Services call them inside their transaction, so a message exists
exactly when the change it announces was committed."""


def notify_booking_submitted(booking) -> None:
    """To the requester: we received the request."""


def notify_booking_confirmed(booking) -> None:
    """To the requester: who is coming (or calling)."""


def notify_booking_cancelled(booking) -> None:
    """To the requester and, when one was assigned, the interpreter."""


def notify_booking_changed(booking) -> None:
    """To the requester and the assigned interpreter."""


def notify_booking_unfilled(booking) -> None:
    """To staff: no interpreter found; to the requester for an on-site request: phone or video instead?"""


def notify_offer_made(offer) -> None:
    """To the interpreter: a new offer, with signed one-click links to accept and decline."""


def notify_offer_withdrawn(offer) -> None:
    """To the interpreter: the offer was taken by someone else, cancelled or withdrawn."""


def notify_translation_delivered(booking) -> None:
    """To the requester: the translated files can be downloaded."""
