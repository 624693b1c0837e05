"""After logging in, the portal speaks the language the user chose in their profile."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import profile_for
from tests.factories import requester

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, greeting", [("fr", "Se déconnecter"), ("en", "Log out")])
def test_logging_in_switches_the_portal_to_the_profiles_language(client, language, greeting):
    user = requester(username="lies")
    profile = profile_for(user)
    profile.language = language
    profile.save(update_fields=["language"])

    response = client.post(reverse("login"), {"username": "lies", "password": "secret-pw-123"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert greeting in client.get(reverse("dashboard")).content.decode()


def test_a_failed_login_sets_no_language(client):
    requester(username="koen")
    response = client.post(reverse("login"), {"username": "koen", "password": "wrong"})
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
