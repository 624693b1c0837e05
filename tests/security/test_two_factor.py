"""Staff (and so the admin) must pass a TOTP second factor; setting it up is forced at first login."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.TOLK_STAFF_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no growing wait after a wrong code, so the test need not sleep


def code_for(device: TOTPDevice) -> str:
    """The current code, computed the way an authenticator app does (django_otp's own TOTP)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_without_a_device_are_sent_to_set_one_up_from_every_page_and_the_admin():
    client = logged_in(StaffFactory())
    for url in ("/", "/staff/bookings/", "/admin/", "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/2fa/setup/"), url


def test_setting_up_shows_a_key_and_a_valid_code_confirms_the_device_and_opens_the_portal():
    staff = StaffFactory()
    client = logged_in(staff)
    page = client.get("/account/2fa/setup/?next=/staff/bookings/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert page.context["config_url"].startswith("otpauth://totp/")

    wrong = client.post("/account/2fa/setup/", {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "klopt niet" in wrong.content.decode()

    done = client.post("/account/2fa/setup/", {"token": code_for(device), "next": "/staff/bookings/"})
    assert done.status_code == 302 and done["Location"] == "/staff/bookings/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/bookings/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_new_session_of_staff_with_a_device_asks_for_a_code_first():
    staff = StaffFactory()
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client = logged_in(staff)
    response = client.get("/admin/")
    assert response["Location"].startswith("/account/2fa/verify/")
    assert client.post("/account/2fa/verify/", {"token": "12345"}).status_code == 200  # wrong: page again
    assert client.get("/admin/").status_code == 302
    response = client.post("/account/2fa/verify/", {"token": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice():
    staff = StaffFactory()
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    code = code_for(device)
    assert logged_in(staff).post("/account/2fa/verify/", {"token": code})["Location"] == "/"
    again = logged_in(staff)
    assert again.post("/account/2fa/verify/", {"token": code}).status_code == 200  # refused: replay
    assert again.get("/").status_code == 302


def test_the_next_parameter_cannot_send_staff_to_another_site():
    staff = StaffFactory()
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    response = logged_in(staff).post(
        "/account/2fa/verify/", {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_requesters_and_interpreters_are_not_asked_for_a_second_factor():
    client = logged_in(requester(OrganisationFactory()))
    assert client.get("/").status_code == 200


def test_with_two_factor_switched_off_staff_get_in_directly(settings):
    """The suite's other tests run like this (tests/settings.py); production has TOLK_STAFF_2FA on."""
    settings.TOLK_STAFF_2FA = False
    assert logged_in(StaffFactory()).get("/staff/bookings/").status_code == 200


def test_production_settings_require_two_factor():
    from config import settings as production

    assert production.TOLK_STAFF_2FA is True
    assert "config.security.StaffTwoFactorMiddleware" in production.MIDDLEWARE


def test_the_page_asked_for_comes_back_after_the_code_query_string_included():
    staff = StaffFactory()
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client = logged_in(staff)
    to_verify = client.get("/staff/bookings/?status=unfilled&page=2")["Location"]
    assert to_verify == "/account/2fa/verify/?next=%2Fstaff%2Fbookings%2F%3Fstatus%3Dunfilled%26page%3D2"
    page = client.get(to_verify)
    assert page.context["next"] == "/staff/bookings/?status=unfilled&page=2"
    done = client.post("/account/2fa/verify/", {"token": code_for(device), "next": page.context["next"]})
    assert done["Location"] == "/staff/bookings/?status=unfilled&page=2"


def test_staff_get_an_api_token_only_with_a_valid_code(client):
    staff = StaffFactory(username="planner-api")
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    body = {"username": "planner-api", "password": "secret-pw-123"}
    refused = client.post("/api/v1/token/", body)
    assert refused.status_code == 400 and "otp" in refused.json()
    assert client.post("/api/v1/token/", {**body, "otp": "000000"}).status_code == 400
    assert "token" in client.post("/api/v1/token/", {**body, "otp": code_for(device)}).json()
    # requesters are not asked for a code
    requester(OrganisationFactory(), username="caseworker-api")
    assert "token" in client.post("/api/v1/token/", {"username": "caseworker-api", "password": "secret-pw-123"}).json()
