"""`make run` stays usable with staff 2FA: seed_demo gives demo-staff a device and demo_totp_code its code."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import demo_totp_device
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_the_printed_demo_code_opens_the_staff_pages(settings):
    settings.TOLK_STAFF_2FA = True
    staff = StaffFactory(username="demo-staff")
    demo_totp_device(staff)
    demo_totp_device(staff)  # idempotent
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).count() == 1
    out = io.StringIO()
    call_command("demo_totp_code", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()

    client = Client()
    client.force_login(staff)
    assert client.get("/staff/bookings/").status_code == 302
    client.post("/account/2fa/verify/", {"token": code})
    assert client.get("/staff/bookings/").status_code == 200
