"""Event notifications. Each function records what to send in the outbox (bookings.outbox); services call
them inside their transaction, so a message exists exactly when the change it announces was committed.

Keys: `kind:booking:recipient[:extra]`. The extra part says what makes a second message of the same kind
a different message (another interpreter confirmed, another offer, another change).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import prefetch_related_objects
from django.urls import reverse

from bookings.oneclick import offer_action_url
from bookings.outbox import QueuedMail, message_queue, messages_queue_bulk


def _url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def booking_url(booking) -> str:
    return _url(f"/bookings/{booking.pk}/")


def staff_booking_url(booking) -> str:
    """Where staff act on a booking: the planning desk."""
    return _url(reverse("staff_booking_detail", args=[booking.pk]))


def _staff():
    return get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="").order_by("pk")


def _interpreter_user(booking):
    return booking.interpreter.user if booking.interpreter_id else None


def _key(kind: str, booking, recipient, extra: str = "") -> str:
    """The outbox key of one event's mail to one person: the same event never mails them twice."""
    return f"{kind}:{booking.pk}:{recipient.pk}" + (f":{extra}" if extra else "")


def _send(kind: str, booking, recipient, extra: str = "", **context) -> None:
    if recipient is None:
        return
    message_queue(
        key=_key(kind, booking, recipient, extra), kind=kind, booking=booking, recipient=recipient, context=context
    )


def notify_booking_submitted(booking) -> None:
    """To the requester: we received the request. A series gets one message, about its first booking."""
    user = booking.requested_by
    if booking.series_id and user is not None:
        message_queue(
            key=f"booking_received:series-{booking.series_id}:{user.pk}",
            kind="booking_received",
            booking=booking,
            recipient=user,
            context={"booking_url": booking_url(booking), "series": booking.series},
        )
        return
    _send("booking_received", booking, user, booking_url=booking_url(booking))


def notify_booking_confirmed(booking) -> None:
    """To the requester: who is coming (or calling); to the interpreter: the job is theirs."""
    extra = str(booking.interpreter_id)
    _send("booking_confirmed", booking, booking.requested_by, extra, interpreter=booking.interpreter)
    _send("job_confirmed", booking, _interpreter_user(booking), booking_url=booking_url(booking))


def notify_booking_cancelled(booking) -> None:
    """To the requester and, when one was assigned, the interpreter."""
    _send("booking_cancelled", booking, booking.requested_by, audience="requester")
    _send("booking_cancelled", booking, _interpreter_user(booking), audience="interpreter")


def notify_booking_changed(booking) -> None:
    """To the requester and the assigned interpreter."""
    version = str(int(booking.updated_at.timestamp() * 1000)) if booking.updated_at else ""
    url = booking_url(booking)
    _send("booking_changed", booking, booking.requested_by, version, booking_url=url)
    _send("booking_changed", booking, _interpreter_user(booking), version, booking_url=url)


def notify_booking_unassigned(booking, interpreter) -> None:
    """To the interpreter who was taken off a confirmed job (staff unassigned it): it is no longer theirs.

    Called with the interpreter the booking had before, since `booking.interpreter` is empty by then."""
    stamp = str(int(booking.updated_at.timestamp() * 1000)) if booking.updated_at else ""
    _send("booking_unassigned", booking, interpreter.user if interpreter else None, stamp)


def notify_booking_unfilled(booking) -> None:
    """To staff: no interpreter found; to the requester for an on-site request: phone or video instead?"""
    url = booking_url(booking)
    for user in _staff():
        _send("booking_unfilled_staff", booking, user, booking_url=staff_booking_url(booking))
    switch_url = None
    if booking.mode == "on_site":
        switch_url = _url(reverse("booking_switch_remote", args=[booking.pk]))
    _send("booking_unfilled", booking, booking.requested_by, booking_url=url, switch_url=switch_url)


def _offers_url() -> str:
    return _url(reverse("interpreter_offers"))


def _offer_made_context(offer, offers_url: str) -> dict:
    """What an offer mail shows: the offer and its signed one-click links to accept and decline."""
    return {
        "offer": offer,
        "accept_url": offer_action_url(offer, "accept"),
        "decline_url": offer_action_url(offer, "decline"),
        "offers_url": offers_url,
    }


def notify_offer_made(offer) -> None:
    """To the interpreter: a new offer, with signed one-click links to accept and decline."""
    _send(
        "offer_made", offer.booking, offer.interpreter.user, str(offer.pk), **_offer_made_context(offer, _offers_url())
    )


def notify_offers_made(offers) -> None:
    """notify_offer_made for every offer of one round, queued without rendering (outbox.messages_queue_bulk):
    the recipients' profiles in one query and the rows in one INSERT, in the transaction that creates the
    offers, so a message exists exactly when its offer was committed. The send task renders each mail (the
    same text, in the recipient's language) on its first claim: the matching worker moves on to the next
    booking instead of rendering three templates per offer."""
    offers = list(offers)
    if not offers:
        return
    users = [offer.interpreter.user for offer in offers]
    prefetch_related_objects(users, "profile")  # none for a user without a profile: the default language
    offers_url = _offers_url()
    mails = [
        QueuedMail(
            kind="offer_made",
            key=_key("offer_made", offer.booking, user, str(offer.pk)),
            booking=offer.booking,
            recipient=user,
            context=_offer_made_context(offer, offers_url),
        )
        for offer, user in zip(offers, users, strict=True)
    ]
    messages_queue_bulk(mails)


def notify_offer_withdrawn(offer) -> None:
    """To the interpreter: the offer was taken by someone else, cancelled or withdrawn."""
    _send("offer_withdrawn", offer.booking, offer.interpreter.user, str(offer.pk), offer=offer)


def notify_translation_delivered(booking) -> None:
    """To the requester: the translated files can be downloaded."""
    _send("translation_delivered", booking, booking.requested_by, booking_url=booking_url(booking))


def notify_certification_lapsing(booking) -> None:
    """To staff: the assigned interpreter's certification is no longer valid on the day of the job."""
    url = staff_booking_url(booking)
    for user in _staff():
        _send("certification_lapsing_staff", booking, user, booking_url=url)
