"""A real worker (Redis beside PostgreSQL, the filesystem queue beside SQLite) delivers to a real receiver in this
process that checks every signature with its own HMAC, goes down for a while and comes back: every event arrives,
each webhook-id at least once, once after the receiver's dedupe, in order per booking.

The test calls deliveries_flush as beat does every minute; retries start after a second here
(TOLK_WEBHOOK_RETRY_SECONDS=1 for the worker).
"""

import pytest

from bookings.lifecycle import booking_transition
from bookings.models import Status
from tests.factories import InterpreterFactory
from tests.webhooks.receiver import Receiver
from tests.workers import wait_for
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from webhooks.outbox import deliveries_flush, webhook_event_queue

WAIT_SECONDS = 60
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    if receiver.server is not None:
        receiver.server.server_close()


@pytest.fixture
def start_worker(suite_broker, workers):
    env = {"TOLK_WEBHOOK_RETRY_SECONDS": "1", "TOLK_WEBHOOKS_ALLOW_LOCAL": "1"}
    return lambda: workers.start(broker_url=suite_broker.url, queue=suite_broker.queue, extra_env=env)


def flushed_until(check, what: str):
    """Poll `check`, flushing the outbox as beat would, until it holds."""

    def flushed():
        deliveries_flush()
        return check()

    return wait_for(flushed, what, WAIT_SECONDS)


def all_delivered() -> bool:
    return not WebhookDelivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()


def test_every_event_arrives_once_in_order_through_an_outage(make_endpoint, new_booking, receiver, start_worker):
    endpoint = make_endpoint(url=receiver.url)
    receiver.secret = endpoint.secret
    receiver.lose_answer_once = {"booking.offered"}  # processed, but its 200 never reaches the worker
    start_worker()
    interpreter = InterpreterFactory()

    first = new_booking()
    booking_transition(booking=first, to=Status.OFFERED)
    wait_for(lambda: len(receiver.events) == 2, "the first two events at the receiver", WAIT_SECONDS)

    receiver.stop()  # down: connection refused for every attempt in the meantime
    booking_transition(booking=first, to=Status.CONFIRMED, interpreter=interpreter)
    second = new_booking()
    booking_transition(booking=second, to=Status.CANCELLED)
    first = booking_transition(booking=first, to=Status.SUBMITTED, interpreter=None)
    webhook_event_queue(first, "booking.withdrawn")
    # the first undelivered event of each booking is tried (and refused) again and again; the others wait for it
    flushed_until(
        lambda: WebhookAttempt.objects.filter(status_code=None).count() >= 4,
        "failed attempts while the receiver is down",
    )
    refused = WebhookDelivery.objects.filter(pk__in=WebhookAttempt.objects.filter(status_code=None).values("delivery"))
    assert set(refused.values_list("event_type", flat=True)) == {"booking.offered", "booking.created"}
    receiver.start()
    flushed_until(all_delivered, "every delivery marked delivered")

    sent = set(WebhookDelivery.objects.values_list("webhook_id", flat=True))
    assert len(sent) == 6
    assert set(receiver.events) == sent  # every event arrived, once after the dedupe
    assert receiver.bad_signatures == 0
    received_ids = [request["id"] for request in receiver.received]
    assert len(received_ids) > len(sent)  # the offer whose answer was lost came twice, with the same webhook-id
    assert receiver.types_per_booking() == {
        first.pk: ["booking.created", "booking.offered", "booking.confirmed", "booking.withdrawn"],
        second.pk: ["booking.created", "booking.cancelled"],
    }
    assert all(request["data"]["reference"] in {first.reference, second.reference} for request in receiver.received)
