"""The portal's webhook pages: a requester adds one (the secret shown once, field errors on the form), tests it,
rotates its secret, reads its delivery log and redelivers; staff see every organisation's."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import InterpreterFactory, OrganisationFactory, StaffFactory, requester
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.outbox import delivery_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(caseworker):
    client = Client()
    client.force_login(caseworker)
    return client


def test_a_requester_adds_a_webhook_and_sees_its_secret_once(browser, organisation):
    response = browser.post(
        reverse("webhooks:endpoints"), {"url": "https://case.example.be/in", "events": ["booking.cancelled"]}
    )
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.organisation, endpoint.events) == (organisation, ["booking.cancelled"])
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in browser.get(reverse("webhooks:endpoint", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in browser.get(reverse("webhooks:endpoints")).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"url": "ftp://x.example/"}, "url"), ({"url": "https://x.example/", "events": ["booking.eaten"]}, "events")],
)
def test_bad_input_shows_field_errors_and_saves_nothing(browser, data, field):
    response = browser.post(reverse("webhooks:endpoints"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_an_internal_address_is_refused_on_the_form_in_production(browser, settings):
    settings.TOLK_WEBHOOKS_ALLOW_LOCAL = False
    response = browser.post(reverse("webhooks:endpoints"), {"url": "https://192.168.0.10/in"})
    assert "url" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_the_test_button_queues_a_ping(browser, make_endpoint):
    endpoint = make_endpoint()
    response = browser.post(reverse("webhooks:ping", args=[endpoint.pk]))
    assert response.status_code == 302
    assert list(WebhookDelivery.objects.values_list("event_type", "endpoint")) == [("ping", endpoint.pk)]


def test_rotating_shows_the_new_secret_and_keeps_the_old_for_a_day(browser, make_endpoint):
    endpoint = make_endpoint()
    old = endpoint.secret
    response = browser.post(reverse("webhooks:rotate", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert endpoint.secret in response.content.decode() and old not in response.content.decode()


def test_the_log_shows_each_attempt_and_redeliver_sends_again(browser, make_endpoint, new_booking):
    endpoint = make_endpoint()  # nobody listens on port 9: the attempt is refused
    new_booking()
    delivery = WebhookDelivery.objects.get()
    delivery_send(delivery_id=delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    page = browser.get(reverse("webhooks:endpoint", args=[endpoint.pk])).content.decode()
    assert delivery.webhook_id in page and "ConnectionRefused" in page
    assert browser.post(reverse("webhooks:redeliver", args=[delivery.pk])).status_code == 302
    assert WebhookDelivery.objects.get().status == DeliveryStatus.PENDING


def test_others_get_404_and_staff_see_every_organisation(make_endpoint):
    endpoint = make_endpoint()
    outsider = Client()
    outsider.force_login(requester(OrganisationFactory()))
    assert outsider.get(reverse("webhooks:endpoint", args=[endpoint.pk])).status_code == 404
    assert outsider.post(reverse("webhooks:delete", args=[endpoint.pk])).status_code == 404
    interpreter = Client()
    interpreter.force_login(InterpreterFactory().user)
    assert interpreter.get(reverse("webhooks:endpoints")).status_code == 404
    staff = Client()
    staff.force_login(StaffFactory())
    assert endpoint.url in staff.get(reverse("webhooks:endpoints")).content.decode()
    assert staff.get(reverse("webhooks:endpoint", args=[endpoint.pk])).status_code == 200
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_deleting_removes_the_endpoint(browser, make_endpoint):
    endpoint = make_endpoint()
    assert browser.post(reverse("webhooks:delete", args=[endpoint.pk])).status_code == 302
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("count", [1, 12])
def test_the_log_page_makes_the_same_queries_whatever_its_length(
    browser, make_endpoint, new_booking, count, django_assert_num_queries
):
    endpoint = make_endpoint()  # nobody listens on port 9: every attempt is refused and logged
    for _ in range(count):
        new_booking()
        delivery_send(delivery_id=WebhookDelivery.objects.latest("pk").pk)
    assert WebhookAttempt.objects.count() == count
    page = reverse("webhooks:endpoint", args=[endpoint.pk])
    browser.get(page)  # warm the session and the user
    # session, user, profile, organisation, endpoint, deliveries with their bookings, their attempts
    with django_assert_num_queries(7):
        assert browser.get(page).status_code == 200
