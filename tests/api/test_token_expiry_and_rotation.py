"""An API token expires after TOLK_API_TOKEN_DAYS and dies with the password it was issued under."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.conftest import client_for
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "een-heel-nieuw-wachtwoord-42"


@pytest.fixture
def user(db):
    return UserFactory(username="caseworker")


def age(user, days: int) -> None:
    Token.objects.filter(user=user).update(created=timezone.now() - timedelta(days=days))


def test_a_token_older_than_the_setting_gets_401_saying_how_to_renew(user, settings):
    settings.TOLK_API_TOKEN_DAYS = 30
    api = client_for(user)
    age(user, 29)
    assert api.get("/api/v1/me/").status_code == 200
    age(user, 30)
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert "verlopen" in response.json()["detail"] and "/api/v1/token/" in response.json()["detail"]


def test_posting_the_login_again_renews_an_expired_token(user, anonymous_api):
    old = client_for(user)
    old_key = Token.objects.get(user=user).key
    age(user, 31)
    response = anonymous_api.post("/api/v1/token/", {"username": "caseworker", "password": "secret-pw-123"})
    assert response.status_code == 200
    assert response.json()["token"] != old_key
    renewed = APIClient()
    renewed.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert renewed.get("/api/v1/me/").status_code == 200
    assert old.get("/api/v1/me/").status_code == 401


def test_a_valid_token_is_kept_when_the_login_is_posted_again(user, anonymous_api):
    client_for(user)
    key = Token.objects.get(user=user).key
    response = anonymous_api.post("/api/v1/token/", {"username": "caseworker", "password": "secret-pw-123"})
    assert response.json() == {"token": key}


def test_the_web_password_change_revokes_the_token(user, client):
    api = client_for(user)
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "secret-pw-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_a_password_reset_revokes_the_token(user, client):
    api = client_for(user)
    url = f"/accounts/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/"
    form_url = client.get(url)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_the_admin_setting_a_password_revokes_the_token(user, client, settings):
    settings.TOLK_STAFF_2FA = False
    api = client_for(user)
    client.force_login(StaffFactory(is_superuser=True))
    response = client.post(
        f"/admin/auth/user/{user.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_set_password_and_save_anywhere_revokes_the_token(user):
    api = client_for(user)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert api.get("/api/v1/me/").status_code == 401


def test_saving_the_user_without_a_new_password_keeps_the_token(user):
    api = client_for(user)
    user.first_name = "Anna"
    user.save()
    assert api.get("/api/v1/me/").status_code == 200


def test_the_openapi_description_says_how_to_renew(client):
    description = client.get("/api/schema/?format=json").json()["info"]["description"]
    assert "expires" in description and "/api/v1/token/" in description
