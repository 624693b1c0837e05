"""Users switch optional notifications off; the ones a job needs cannot be switched off."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Profile
from accounts.preferences import OPTIONAL_NOTIFICATIONS
from accounts.services import notification_preferences_set
from bookings.models import Message
from matching import offer_mails
from notifications.reminders import reminders_send
from tests.factories import OfferFactory
from tests.notifications.conftest import START

pytestmark = pytest.mark.django_db


def test_a_switched_off_reminder_is_not_sent_but_the_interpreters_is(confirmed_job):
    notification_preferences_set(user=confirmed_job.requested_by, wanted=[], language="nl")
    notification_preferences_set(user=confirmed_job.interpreter.user, wanted=[], language="nl")
    reminders_send(START - timedelta(hours=20))
    assert list(Message.objects.values_list("kind", flat=True)) == ["reminder_interpreter"]


def test_mandatory_kinds_cannot_be_switched_off(confirmed_job):
    user = confirmed_job.interpreter.user
    Profile.objects.update_or_create(user=user, defaults={"notifications_off": ["offer_made", "timesheet_missing"]})
    offer_mails.notify_offer_made(OfferFactory(interpreter=confirmed_job.interpreter))
    reminders_send(confirmed_job.ends_at + timedelta(hours=24))
    assert sorted(Message.objects.values_list("kind", flat=True)) == ["offer_made", "timesheet_missing"]


def test_the_service_stores_only_optional_kinds():
    from tests.factories import UserFactory

    user = UserFactory()
    profile = notification_preferences_set(user=user, wanted=["booking_received"], language="fr")
    assert set(profile.notifications_off) == set(OPTIONAL_NOTIFICATIONS) - {"booking_received"}
    assert profile.language == "fr"
    assert profile.wants("booking_received") and profile.wants("offer_made")
    assert not profile.wants("booking_changed")


def test_the_preferences_page_offers_only_optional_kinds_and_saves(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("accounts:notifications"))
    assert page.status_code == 200
    assert b'value="booking_changed"' in page.content
    assert b'value="offer_made"' not in page.content
    response = client.post(
        reverse("accounts:notifications"), {"language": "en", "wanted": ["offer_expiring", "offer_made"]}
    )
    assert response.status_code == 200, "an unknown choice is a field error, nothing saved"
    assert not Profile.objects.filter(user=user, language="en").exists()
    response = client.post(reverse("accounts:notifications"), {"language": "en", "wanted": ["offer_expiring"]})
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert profile.language == "en"
    assert "offer_expiring" not in profile.notifications_off and "booking_changed" in profile.notifications_off


def test_the_preferences_page_needs_a_login(client):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
