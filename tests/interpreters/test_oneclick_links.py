import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import OfferStatus, Status
from matching.oneclick import offer_action_url, offer_token
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(db):
    return OfferFactory()


def path_of(url, settings):
    assert url.startswith(settings.SITE_URL)
    return url[len(settings.SITE_URL.rstrip("/")) :]


def test_the_link_is_absolute_and_names_the_action(offer, settings):
    settings.SITE_URL = "https://tolkportaal.example.be"

    url = offer_action_url(offer, "accept")

    assert url.startswith("https://tolkportaal.example.be/offers/")
    assert url.endswith("/accept/")
    assert offer_action_url(offer, "decline").endswith("/decline/")


def test_following_the_link_shows_a_confirmation_and_changes_nothing(client, offer, settings):
    response = client.get(path_of(offer_action_url(offer, "accept"), settings))

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert offer.booking.reference in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_posting_the_accept_link_accepts_without_login(client, offer, settings):
    response = client.post(path_of(offer_action_url(offer, "accept"), settings))

    assert response.status_code == 200
    offer.refresh_from_db()
    offer.booking.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert offer.booking.status == Status.CONFIRMED
    assert offer.booking.interpreter == offer.interpreter
    assert offer.booking.history.last().by == offer.interpreter.user


def test_posting_the_decline_link_declines_with_the_reason(client, offer, settings):
    OfferFactory(booking=offer.booking)

    client.post(path_of(offer_action_url(offer, "decline"), settings), {"reason": "Op vakantie"})

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert offer.decline_reason == "Op vakantie"


def test_a_used_link_is_refused(client, offer, settings):
    path = path_of(offer_action_url(offer, "accept"), settings)
    client.post(path)

    again = client.post(path)
    decline_after_accept = client.post(path_of(offer_action_url(offer, "decline"), settings))

    assert again.status_code == 410
    assert "al aanvaard" in again.content.decode()
    assert decline_after_accept.status_code == 410
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_an_expired_link_is_refused(client, offer, settings):
    path = path_of(offer_action_url(offer, "accept"), settings)
    offer.expires_at = timezone.now() - timedelta(seconds=1)
    offer.save()

    response = client.post(path)

    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    offer.refresh_from_db()
    offer.booking.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    assert offer.booking.status == Status.OFFERED


def test_a_tampered_link_is_refused(client, offer):
    other = OfferFactory()
    token = offer_token(offer, "accept")
    payload, signature = token.split(":", 1)
    forged_payload = json.dumps({"offer": other.pk, "action": "accept"}, separators=(",", ":")).encode()
    forged = base64.urlsafe_b64encode(forged_payload).decode().rstrip("=") + ":" + signature
    assert forged != token
    wrong_action = offer_token(offer, "decline")

    for path in [f"/offers/{token}x/accept/", f"/offers/{forged}/accept/", f"/offers/{wrong_action}/accept/"]:
        response = client.post(path)
        assert response.status_code == 410, path
        assert "ongeldig" in response.content.decode()
    offer.refresh_from_db()
    other.refresh_from_db()
    assert offer.status == other.status == OfferStatus.OPEN


def test_a_link_of_a_withdrawn_offer_is_refused(client, offer, settings):
    rival = OfferFactory(booking=offer.booking)
    client.post(path_of(offer_action_url(rival, "accept"), settings))

    response = client.post(path_of(offer_action_url(offer, "accept"), settings))

    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
