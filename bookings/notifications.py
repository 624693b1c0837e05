"""Event notifications. Each function records what to send in the outbox (bookings.outbox); services call
them inside their transaction, so a message exists exactly when the change it announces was committed.

Keys: `kind:booking:recipient[:extra]`. The extra part says what makes a second message of the same kind
a different message (another interpreter confirmed, another offer, another change).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from bookings.outbox import message_queue


def _url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def booking_url(booking) -> str:
    return _url(f"/bookings/{booking.pk}/")


def _first_url(*candidates: tuple[str, tuple], fallback: str) -> str:
    for name, args in candidates:
        try:
            return _url(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return _url(fallback)


def staff_booking_url(booking) -> str:
    """Where staff act on a booking: the staff page when it exists, else the admin."""
    return _first_url(
        ("staff_booking_detail", (booking.pk,)),
        ("admin:bookings_booking_change", (booking.pk,)),
        fallback=f"/bookings/{booking.pk}/",
    )


def _offer_action_url(offer, action: str) -> str | None:
    """One-click accept/decline link from the interpreters work, when it exists."""
    try:
        from bookings.oneclick import offer_action_url
    except ImportError:
        return None
    url = offer_action_url(offer, action)
    return url if url.startswith("http") else _url(url)


def _staff():
    return get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="").order_by("pk")


def _interpreter_user(booking):
    return booking.interpreter.user if booking.interpreter_id else None


def _send(kind: str, booking, recipient, extra: str = "", **context) -> None:
    if recipient is None:
        return
    key = f"{kind}:{booking.pk}:{recipient.pk}" + (f":{extra}" if extra else "")
    message_queue(key=key, kind=kind, booking=booking, recipient=recipient, context=context)


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
        switch_url = _first_url(("booking_switch_remote", (booking.pk,)), fallback=f"/bookings/{booking.pk}/")
    _send("booking_unfilled", booking, booking.requested_by, booking_url=url, switch_url=switch_url)


def notify_offer_made(offer) -> None:
    """To the interpreter: a new offer, with signed one-click links to accept and decline."""
    offers_url = _first_url(("interpreter_offers", ()), ("offers", ()), fallback="/offers/")
    _send(
        "offer_made",
        offer.booking,
        offer.interpreter.user,
        str(offer.pk),
        offer=offer,
        accept_url=_offer_action_url(offer, "accept") or offers_url,
        decline_url=_offer_action_url(offer, "decline") or offers_url,
        offers_url=offers_url,
    )


def notify_offers_made(offers) -> None:
    """notify_offer_made for every offer of one round: the same messages (key, recipient's language, text,
    links), queued with a fixed number of queries for the whole round instead of several per offer: the
    recipients' profiles in one query, the keys that exist already in one, the new rows in one INSERT, and
    one on-commit callback that enqueues their sends. Call it inside the transaction that creates the offers,
    as notify_offer_made: a message exists exactly when its offer was committed."""
    offers = list(offers)
    if not offers:
        return
    from django.db.models import prefetch_related_objects

    from bookings.models import Message
    from bookings.outbox import language_of, message_render

    users = [offer.interpreter.user for offer in offers]
    prefetch_related_objects(users, "profile")  # none for a user without a profile: the default language
    offers_url = _first_url(("interpreter_offers", ()), ("offers", ()), fallback="/offers/")
    wanted = {}
    for offer, user in zip(offers, users, strict=True):
        if not user.email or not _wants_kind(user, "offer_made"):
            continue  # as message_queue: no address, or this (optional) kind switched off
        wanted[f"offer_made:{offer.booking_id}:{user.pk}:{offer.pk}"] = (offer, user)
    existing = set(Message.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    rows = []
    for key, (offer, user) in wanted.items():
        if key in existing:
            continue
        language = language_of(user)
        context = {
            "booking": offer.booking,
            "recipient": user,
            "offer": offer,
            "accept_url": _offer_action_url(offer, "accept") or offers_url,
            "decline_url": _offer_action_url(offer, "decline") or offers_url,
            "offers_url": offers_url,
        }
        subject, body_text, body_html = message_render(kind="offer_made", language=language, context=context)
        rows.append(
            Message(
                key=key,
                kind="offer_made",
                booking=offer.booking,
                recipient=user,
                to_email=user.email,
                language=language,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                attachments=[],
            )
        )
    # The keys name offers created in this same transaction, so no other transaction can insert one first.
    ids = [message.pk for message in Message.objects.bulk_create(rows)]
    if ids:
        transaction.on_commit(lambda: _enqueue_sends(ids))


def _enqueue_sends(ids: list[int]) -> None:
    from bookings.enqueue import enqueue
    from bookings.message_tasks import send_message

    for pk in ids:
        if not enqueue(send_message, pk):
            break  # the broker is down (logged): the outbox flush sends these rows later


def _wants_kind(user, kind: str) -> bool:
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return True
    return profile.wants(kind)


def notify_offer_withdrawn(offer) -> None:
    """To the interpreter: the offer was taken by someone else, cancelled or withdrawn."""
    _send("offer_withdrawn", offer.booking, offer.interpreter.user, str(offer.pk), offer=offer)


def notify_translation_delivered(booking) -> None:
    """To the requester: the translated files can be downloaded."""
    _send("translation_delivered", booking, booking.requested_by, booking_url=booking_url(booking))
