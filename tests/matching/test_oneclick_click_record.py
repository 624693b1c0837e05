"""The one-click offer link works for whoever holds it, until the offer closes or expires; the mail says until
when, and the booking's history records the address and browser each click came from."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from bookings.models import OfferStatus, Status
from matching.offer_mails import notify_offer_made
from matching.oneclick import offer_action_url
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Probe/26"


@pytest.fixture
def offer(db):
    return OfferFactory()


def click(client, offer, action, settings, **data):
    path = offer_action_url(offer, action)[len(settings.SITE_URL.rstrip("/")) :]
    return client.post(path, data, REMOTE_ADDR="203.0.113.26", HTTP_USER_AGENT=BROWSER)


def test_an_accept_by_link_records_the_address_and_browser_in_the_history(client, offer, settings):
    assert click(client, offer, "accept", settings).status_code == 200
    change = offer.booking.history.get(to_status=Status.CONFIRMED)
    assert "203.0.113.26" in change.note_text and BROWSER in change.note_text
    assert change.by == offer.interpreter.user


def test_a_decline_by_link_records_the_address_and_browser_in_the_history(client, offer, settings):
    OfferFactory(booking=offer.booking)
    click(client, offer, "decline", settings, reason="Ziek")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    note = offer.booking.history.last().note_text
    assert "geweigerd" in note and "203.0.113.26" in note and BROWSER in note


def test_a_link_whose_offer_the_sweep_closed_as_expired_is_refused_also_when_only_looked_at(client, offer, settings):
    path = offer_action_url(offer, "accept")[len(settings.SITE_URL.rstrip("/")) :]
    offer.status, offer.expires_at = OfferStatus.EXPIRED, timezone.now() - timedelta(minutes=1)
    offer.save()
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    offer.booking.refresh_from_db()
    assert offer.booking.status == Status.OFFERED


def test_the_offer_mail_says_until_when_the_links_work(offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_offer_made(offer)
    message = offer.booking.messages.get(kind="offer_made")
    with translation.override("nl"):
        until = date_format(timezone.localtime(offer.expires_at), "l j F Y H:i")
    for body in (message.body_text, message.body_html):
        assert f"Deze links werken tot {until}" in body and "niet door" in body
