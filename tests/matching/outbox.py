"""What matching leaves behind in the outbox: the queued Message rows (notifications/outbox.py) and the mails
sent from them.

Nothing of notifications.events is stubbed: the rows are the ones the real code writes, in the same transaction
as the change they announce. A user without an email address gets no message, so every recipient named here must
have one (`message` checks it).
"""

from django.core import mail

from bookings.models import Message
from tests.factories import StaffFactory

FIELDS = ("key", "kind", "booking_id", "recipient_id", "to_email")


def queued(*kinds: str) -> list[tuple]:
    """Every queued message (only those of `kinds` when given) as (key, kind, booking id, recipient id, address)."""
    messages = Message.objects.filter(kind__in=kinds) if kinds else Message.objects.all()
    return sorted(messages.values_list(*FIELDS))


def message(kind: str, booking, user, extra="") -> tuple:
    """The row `queued` lists for the `kind` mail about `booking` to `user`: key `kind:booking:recipient[:extra]`."""
    assert user.email, f"{user} has no email address: no message would be queued for them"
    key = f"{kind}:{booking.pk}:{user.pk}" + (f":{extra}" if extra != "" else "")
    return key, kind, booking.pk, user.pk, user.email


def offers_made(offers) -> list[tuple]:
    """One `offer_made` message per offer, to the offered interpreter's user, keyed by the offer."""
    return sorted(message("offer_made", offer.booking, offer.interpreter.user, offer.pk) for offer in offers)


def offers_withdrawn(offers) -> list[tuple]:
    return sorted(message("offer_withdrawn", offer.booking, offer.interpreter.user, offer.pk) for offer in offers)


def unfilled(booking, staff) -> list[tuple]:
    """No one found: `booking_unfilled_staff` to each of `staff`, `booking_unfilled` to the requester."""
    to_staff = [message("booking_unfilled_staff", booking, user) for user in staff]
    return sorted([*to_staff, message("booking_unfilled", booking, booking.requested_by)])


def staff_to_tell() -> list:
    """Staff users of whom only the first (active, with an address) is told about unfilled bookings."""
    told = StaffFactory()
    StaffFactory(email="")  # no address: nothing to queue
    StaffFactory(is_active=False)
    return [told]


def sent(rows) -> list[tuple]:
    """The (key, address) pairs of `rows` (as `queued` lists them), to compare with `mails`."""
    return sorted((key, to_email) for key, _kind, _booking, _recipient, to_email in rows)


def mails() -> list[tuple]:
    """The mails the locmem backend sent, as (outbox key, address): one address per mail."""
    return sorted((m.extra_headers["X-Tolkportaal-Message"], *m.to) for m in mail.outbox)
