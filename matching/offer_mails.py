"""The mails about offers: a new offer (with its signed one-click links), offers of a round, a withdrawn offer.
Queued in the transaction that makes or withdraws the offer, through the outbox (notifications/outbox.py)."""

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from bookings.links import absolute_url
from matching.oneclick import offer_action_url
from matching.series_block import block_dates
from notifications.events import send
from notifications.keys import message_key
from notifications.outbox import QueuedMail, messages_queue_bulk


def _offers_url() -> str:
    return absolute_url(reverse("interpreter_offers"))


def _offer_made_context(offer, offers_url: str) -> dict:
    """What an offer mail shows: the offer and its signed one-click links to accept and decline; for the first
    waiting date of a series, its later dates and the link that accepts them all (matching/series.py)."""
    context = {
        "offer": offer,
        "accept_url": offer_action_url(offer, "accept"),
        "decline_url": offer_action_url(offer, "decline"),
        "offers_url": offers_url,
    }
    later = block_dates(offer.booking) if offer.booking.series_id else []
    if later:
        context["series_dates"] = [timezone.localtime(date.starts_at).strftime("%d/%m/%Y %H:%M") for date in later]
        context["accept_series_url"] = offer_action_url(offer, "accept_series")
    return context


def notify_offer_made(offer) -> None:
    """To the interpreter: a new offer, with signed one-click links to accept and decline."""
    send(
        "offer_made", offer.booking, offer.interpreter.user, str(offer.pk), **_offer_made_context(offer, _offers_url())
    )


def notify_offers_made(offers) -> None:
    """notify_offer_made for every offer of one round, queued without rendering (messages_queue_bulk):
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
            key=message_key("offer_made", offer.booking_id, user.pk, offer.pk),
            booking=offer.booking,
            recipient=user,
            context=_offer_made_context(offer, offers_url),
        )
        for offer, user in zip(offers, users, strict=True)
    ]
    messages_queue_bulk(mails)


def notify_offer_withdrawn(offer) -> None:
    """To the interpreter: the offer was taken by someone else, cancelled or withdrawn."""
    send("offer_withdrawn", offer.booking, offer.interpreter.user, str(offer.pk), offer=offer)
