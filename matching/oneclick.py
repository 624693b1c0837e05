"""Signed one-click links in offer emails: accept or decline one offer without logging in.

A token names one offer and one action and is signed with a salt per action, so it cannot be edited into
another offer or the other action. It has no lifetime of its own: it works while the offer is open and
unexpired, which also makes it single-use (once acted on, the offer is no longer open). Whoever holds it can use
it, so the offer mail says until when it works and the booking's history records the address and browser of
each click (`offer_respond` in matching/series.py).
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.links import absolute_url
from bookings.models import Offer, OfferStatus

ACTIONS = ("accept", "decline", "accept_series")  # accept_series: the offer and its series (matching/series.py)


class LinkRefused(Exception):
    """The link was tampered with, or its offer is no longer open. The message says which, for the user."""


def _salt(action: str) -> str:
    return f"bookings.oneclick.offer.{action}"  # unchanged since the move: links already mailed stay valid


def offer_token(offer: Offer, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(action)
    return signing.dumps({"offer": offer.pk, "action": action}, salt=_salt(action), compress=False)


def offer_action_url(offer: Offer, action: str) -> str:
    """Absolute URL to put in the offer email; `action` is "accept" or "decline"."""
    path = reverse(f"offer_oneclick_{action}", kwargs={"token": offer_token(offer, action)})
    return absolute_url(path)


def offer_from_token(token: str, action: str, *, now=None) -> Offer:
    """The open, unexpired offer a valid token names, or LinkRefused with a clear reason."""
    if action not in ACTIONS:
        raise LinkRefused(_("Deze link is ongeldig."))
    try:
        data = signing.loads(token, salt=_salt(action))
    except signing.BadSignature:
        raise LinkRefused(_("Deze link is ongeldig of beschadigd.")) from None
    if data.get("action") != action:
        raise LinkRefused(_("Deze link is ongeldig of beschadigd."))
    offer = (
        Offer.objects.select_related("booking__language", "booking__municipality", "interpreter__user")
        .filter(pk=data.get("offer"))
        .first()
    )
    if offer is None:
        raise LinkRefused(_("Dit aanbod bestaat niet meer."))
    refuse_if_closed(offer, now=now)
    return offer


def refuse_if_closed(offer: Offer, *, now=None) -> None:
    """Raise LinkRefused with why an offer can no longer be acted on (used, taken, withdrawn, expired)."""
    now = now or timezone.now()
    messages = {
        OfferStatus.ACCEPTED: _("Je hebt dit aanbod al aanvaard."),
        OfferStatus.DECLINED: _("Je hebt dit aanbod al geweigerd."),
        OfferStatus.WITHDRAWN: _("Dit aanbod is ingetrokken: de opdracht is al toegewezen of geannuleerd."),
        OfferStatus.EXPIRED: _("Dit aanbod is verlopen."),
    }
    if offer.status in messages:
        raise LinkRefused(messages[offer.status])
    if offer.expires_at <= now:
        raise LinkRefused(messages[OfferStatus.EXPIRED])
