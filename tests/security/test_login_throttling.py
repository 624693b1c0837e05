"""Login throttling per (user, address) and per address (django-axes), with a clear message, proxy-aware."""

import pytest
from django.test import Client

from tests.factories import OrganisationFactory, requester

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pw-123"  # tests.factories.UserFactory


def attempt(client: Client, username: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_message(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    user = requester(OrganisationFactory(), username="caseworker")
    client = Client()
    for _ in range(4):
        assert attempt(client, "caseworker", "wrong").status_code == 200  # the form again, with its error
    locked = attempt(client, "caseworker", "wrong")
    assert locked.status_code == 429
    response = attempt(client, "caseworker", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tijdelijk geblokkeerd" in text and "15 minuten" in text
    assert "_auth_user_id" not in client.session
    assert user.is_active  # nothing else changed about the account


def test_five_wrong_passwords_lock_that_user_at_that_address_only():
    requester(OrganisationFactory(), username="caseworker")
    requester(OrganisationFactory(), username="colleague")
    for _ in range(5):
        attempt(Client(), "caseworker", "wrong", REMOTE_ADDR="10.0.0.1")
    assert attempt(Client(), "caseworker", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 429
    # the colleague behind the same address, and the user at another address, still log in
    assert attempt(Client(), "colleague", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert attempt(Client(), "caseworker", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_an_address_is_locked_for_everyone_after_the_higher_address_limit(settings):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 50
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    requester(OrganisationFactory(), username="someone-else")
    for number in range(7):
        attempt(Client(), f"guess{number}", "wrong", REMOTE_ADDR="10.0.0.9")
    assert attempt(Client(), "someone-else", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302
    attempt(Client(), "guess-last", "wrong", REMOTE_ADDR="10.0.0.9")
    locked = attempt(Client(), "someone-else", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert locked.status_code == 429 and "Tijdelijk geblokkeerd" in locked.content.decode()
    assert attempt(Client(), "someone-else", PASSWORD, REMOTE_ADDR="10.0.0.10").status_code == 302


def test_behind_a_proxy_the_address_comes_from_x_forwarded_for(settings):
    settings.TOLK_PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    requester(OrganisationFactory(), username="caseworker")
    proxy = {"REMOTE_ADDR": "192.168.0.2"}
    for number in range(5):  # the attacker also sends a forged X-Forwarded-For entry of its own
        forwarded = f"10.9.9.{number}, 203.0.113.7"
        attempt(Client(), f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=forwarded, **proxy)
    # another client behind the same proxy is not locked out; the attacker's address is, whatever it forges
    assert attempt(Client(), "caseworker", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy).status_code == 302
    forged = "198.51.100.4, 203.0.113.7"
    assert attempt(Client(), "caseworker", PASSWORD, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429


def test_the_api_token_login_is_throttled_too():
    requester(OrganisationFactory(), username="caseworker")
    client = Client()
    for _ in range(5):
        client.post("/api/v1/token/", {"username": "caseworker", "password": "wrong"})
    response = client.post("/api/v1/token/", {"username": "caseworker", "password": PASSWORD})
    assert response.status_code in (400, 429)
    assert "token" not in response.json()
