"""One attempt after another, against a real HTTP receiver in this process: signed, logged, retried with back-off
and jitter for a day, then failed; in order per booking; an endpoint failing for a day is disabled and its
organisation's requesters are mailed."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import profile_for
from bookings.lifecycle import booking_transition
from bookings.models import Message, Status
from tests.webhooks.receiver import Receiver
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.outbox import (
    LOG_KEPT,
    RETRY_WINDOW,
    backoff,
    deliveries_purge,
    delivery_redeliver,
    delivery_send,
    endpoint_failed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def endpoint(make_endpoint, receiver):
    endpoint = make_endpoint(url=receiver.url)
    receiver.secret = endpoint.secret
    return endpoint


def send(delivery, now=None) -> bool:
    return delivery_send(delivery_id=delivery.pk, now=now)


def test_a_delivery_arrives_signed_and_its_attempt_is_logged(endpoint, new_booking, receiver):
    booking = new_booking()
    delivery = WebhookDelivery.objects.get()
    assert send(delivery)
    assert receiver.bad_signatures == 0
    assert list(receiver.events) == [delivery.webhook_id]
    assert receiver.events[delivery.webhook_id]["data"]["reference"] == booking.reference
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code == 200
    assert attempt.response_start == f"ok, got {delivery.webhook_id}"
    assert attempt.duration_ms >= 0
    assert not send(delivery)  # delivered: a second task is a no-op
    assert len(receiver.received) == 1


def test_a_failed_attempt_is_retried_later_with_the_same_id_and_body(endpoint, new_booking, receiver):
    new_booking()
    delivery = WebhookDelivery.objects.get()
    receiver.status = 503
    now = timezone.now()
    assert not send(delivery, now)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error == "HTTP 503"
    assert now + timedelta(seconds=7) <= delivery.next_attempt_at <= now + timedelta(seconds=13)
    assert not send(delivery, now + timedelta(seconds=1))  # not due yet: nothing sent
    assert len(receiver.received) == 1
    receiver.status = 200
    assert send(delivery, delivery.next_attempt_at)
    first, second = receiver.received
    assert first == second  # same webhook-id, same body
    assert [a.status_code for a in delivery.attempt_log.all()] == [503, 200]
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).failing_since is None


def test_back_off_doubles_with_jitter_up_to_an_hour(settings):
    settings.TOLK_WEBHOOK_RETRY_SECONDS = 10
    for attempts, seconds in [(1, 10), (2, 20), (3, 40), (6, 320), (12, 3600), (40, 3600)]:
        waits = {backoff(attempts).total_seconds() for _ in range(20)}
        assert all(seconds * 0.75 <= wait <= seconds * 1.25 for wait in waits)
        assert len(waits) > 1  # jitter: not every delivery comes back at the same second


def test_it_is_retried_for_at_least_a_day_then_marked_failed(endpoint, new_booking, receiver):
    receiver.stop()  # down: connection refused
    new_booking()
    delivery = WebhookDelivery.objects.get()
    moment = delivery.created_at
    while True:
        send(delivery, moment)
        delivery.refresh_from_db()
        if delivery.status != DeliveryStatus.PENDING:
            break
        moment = delivery.next_attempt_at
    assert delivery.status == DeliveryStatus.FAILED
    assert moment - delivery.created_at >= RETRY_WINDOW
    attempts = list(delivery.attempt_log.all())
    assert len(attempts) == delivery.attempts > 20
    assert all(a.status_code is None and "ConnectionRefused" in a.error for a in attempts)
    receiver.start()


def test_an_endpoint_failing_for_a_day_is_disabled_and_its_requesters_mailed(
    endpoint, new_booking, receiver, organisation, caseworker
):
    from tests.factories import requester

    french = requester(organisation, username="collegue")
    profile = profile_for(french)
    profile.language = "fr"
    profile.save()
    receiver.status = 500
    new_booking()
    delivery = WebhookDelivery.objects.get()
    start = timezone.now()
    send(delivery, start)
    assert not endpoint_failed(endpoint=endpoint, now=start + timedelta(hours=23))
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).is_active
    assert endpoint_failed(endpoint=endpoint, now=start + timedelta(days=1))
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    mails = {m.recipient.username: m for m in Message.objects.filter(kind="webhook_disabled")}
    assert set(mails) == {"caseworker", "collegue"}
    assert mails["caseworker"].subject == "Uw webhook werd uitgeschakeld"
    assert mails["collegue"].language == "fr" and "webhook" in mails["collegue"].subject.lower()
    assert mails["collegue"].subject != mails["caseworker"].subject
    assert endpoint.url in mails["caseworker"].body_text
    assert not endpoint_failed(endpoint=endpoint, now=start + timedelta(days=2))  # mailed once
    assert Message.objects.filter(kind="webhook_disabled").count() == 2


def test_a_success_ends_the_failing_streak(endpoint, new_booking, receiver):
    receiver.status = 500
    booking = new_booking()
    start = timezone.now()
    send(WebhookDelivery.objects.get(), start)
    receiver.status = 200
    booking_transition(booking=booking, to=Status.CANCELLED)
    first = WebhookDelivery.objects.order_by("pk").first()
    send(first, timezone.now() + timedelta(minutes=1))
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).failing_since is None
    assert not endpoint_failed(endpoint=endpoint, now=start + timedelta(days=1, hours=1))


def test_a_later_event_of_the_same_booking_waits_for_the_earlier(endpoint, new_booking, receiver):
    booking = new_booking()
    booking_transition(booking=booking, to=Status.CANCELLED)
    created, cancelled = WebhookDelivery.objects.order_by("pk")
    receiver.status = 503
    send(created)
    receiver.status = 200
    assert not send(cancelled)  # the creation has not arrived yet
    assert WebhookDelivery.objects.get(pk=cancelled.pk).attempts == 0
    other = new_booking()  # another booking does not wait
    assert send(WebhookDelivery.objects.get(booking=other))
    assert send(created, timezone.now() + timedelta(minutes=1))
    assert send(cancelled)
    assert [r["type"] for r in receiver.received if r["data"]["id"] == booking.pk] == [
        "booking.created",
        "booking.created",
        "booking.cancelled",
    ]


def test_redeliver_sends_the_same_webhook_id_again(endpoint, new_booking, receiver):
    new_booking()
    delivery = WebhookDelivery.objects.get()
    send(delivery)
    assert delivery_redeliver(delivery=delivery)
    assert not delivery_redeliver(delivery=delivery)  # already on its way
    assert send(delivery)
    assert [r["id"] for r in receiver.received] == [delivery.webhook_id] * 2
    assert len(receiver.events) == 1  # the receiver dedupes


def test_a_disabled_endpoint_gets_nothing(endpoint, new_booking, receiver):
    new_booking()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    delivery = WebhookDelivery.objects.get()
    assert not send(delivery)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    assert receiver.received == []


def test_the_body_sent_is_the_body_stored(endpoint, new_booking, receiver):
    new_booking()
    delivery = WebhookDelivery.objects.get()
    send(delivery)
    assert receiver.received[0] == {"id": delivery.webhook_id, **json.loads(delivery.body)}


def test_finished_deliveries_are_forgotten_after_a_month_pending_ones_never(endpoint, new_booking, receiver):
    new_booking()
    new_booking()
    delivered, waiting = WebhookDelivery.objects.order_by("pk")
    send(delivered)
    later = timezone.now() + LOG_KEPT + timedelta(minutes=1)
    assert deliveries_purge(now=timezone.now()) == 0
    assert deliveries_purge(now=later) == 1
    assert list(WebhookDelivery.objects.all()) == [waiting]
    assert not WebhookAttempt.objects.exists()
