"""Which status change queues which event, for which endpoint, with which body: one row per event and endpoint."""

import json

import pytest

from bookings.lifecycle import booking_transition
from bookings.models import Status
from bookings.serializers import BookingSerializer
from portal.services import booking_withdraw
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.outbox import webhook_event_queue, webhook_ping

pytestmark = pytest.mark.django_db


def types(booking=None) -> list[str]:
    rows = WebhookDelivery.objects.order_by("pk")
    if booking is not None:
        rows = rows.filter(booking=booking)
    return list(rows.values_list("event_type", flat=True))


def test_every_status_change_of_a_booking_queues_its_event(make_endpoint, new_booking):
    make_endpoint()
    booking = new_booking()
    interpreter = InterpreterFactory()
    booking_transition(booking=booking, to=Status.OFFERED)
    booking_transition(booking=booking, to=Status.OFFERED)  # a next round: still offered, nothing new to say
    booking_transition(booking=booking, to=Status.UNFILLED)
    booking_transition(booking=booking, to=Status.CONFIRMED, interpreter=interpreter)
    booking_transition(booking=booking, to=Status.COMPLETED)
    other = new_booking()
    booking_transition(booking=other, to=Status.CANCELLED)
    assert types(booking) == [
        "booking.created",
        "booking.offered",
        "booking.unfilled",
        "booking.confirmed",
        "booking.completed",
    ]
    assert types(other) == ["booking.created", "booking.cancelled"]


def test_a_withdrawal_is_queued_by_calling_the_one_function(make_endpoint, new_booking):
    make_endpoint()
    booking = new_booking()
    booking_transition(booking=booking, to=Status.CONFIRMED, interpreter=InterpreterFactory())
    booking = booking_transition(booking=booking, to=Status.SUBMITTED, interpreter=None)  # back to matching: silent
    assert types(booking) == ["booking.created", "booking.confirmed"]
    [delivery] = webhook_event_queue(booking, "booking.withdrawn")
    body = json.loads(delivery.body)
    assert body["type"] == "booking.withdrawn"
    assert (body["data"]["status"], body["data"]["interpreter"]) == ("submitted", None)


def test_the_body_is_the_booking_as_the_api_shows_it_when_the_event_happened(make_endpoint, new_booking):
    make_endpoint()
    booking = new_booking()
    created = WebhookDelivery.objects.get()
    body = json.loads(created.body)
    assert set(body) == {"type", "timestamp", "data"}
    assert body["type"] == "booking.created"
    assert body["data"] == json.loads(json.dumps(BookingSerializer(booking).data))
    assert body["timestamp"].endswith("Z")
    booking_transition(booking=booking, to=Status.CANCELLED, cancellation_reason="Niet meer nodig")
    assert json.loads(WebhookDelivery.objects.get(pk=created.pk).body)["data"]["status"] == "submitted"  # a snapshot
    cancelled = json.loads(WebhookDelivery.objects.get(event_type="booking.cancelled").body)
    assert cancelled["data"]["status"] == "cancelled"
    assert cancelled["data"]["cancellation_reason"] == "Niet meer nodig"


def test_one_row_per_event_and_endpoint_each_with_its_own_webhook_id(make_endpoint, new_booking):
    everything = make_endpoint(url="http://127.0.0.1:9/all")
    cancellations = make_endpoint(url="http://127.0.0.1:9/cancelled", events=["booking.cancelled"])
    make_endpoint(url="http://127.0.0.1:9/off").__class__.objects.filter(url__endswith="/off").update(is_active=False)
    BookingFactory(organisation=OrganisationFactory())  # another organisation's booking: nothing for these endpoints
    booking = new_booking()
    booking_transition(booking=booking, to=Status.CANCELLED)
    rows = WebhookDelivery.objects.order_by("pk")
    assert [(row.endpoint_id, row.event_type) for row in rows] == [
        (everything.pk, "booking.created"),
        (everything.pk, "booking.cancelled"),
        (cancellations.pk, "booking.cancelled"),
    ]
    assert len({row.webhook_id for row in rows}) == 3
    assert all(row.webhook_id.startswith("msg_") for row in rows)
    assert {row.status for row in rows} == {DeliveryStatus.PENDING}


def test_a_rolled_back_change_leaves_no_delivery(make_endpoint, new_booking):
    from django.db import transaction

    make_endpoint()
    booking = new_booking()
    with pytest.raises(RuntimeError), transaction.atomic():
        booking_transition(booking=booking, to=Status.CANCELLED)
        raise RuntimeError("the caller fails after the transition")
    assert types(booking) == ["booking.created"]


def test_a_ping_goes_to_its_endpoint_only_whatever_it_subscribed_to(make_endpoint):
    endpoint = make_endpoint(events=["booking.cancelled"])
    make_endpoint(url="http://127.0.0.1:9/other")
    delivery = webhook_ping(endpoint=endpoint)
    body = json.loads(delivery.body)
    assert (delivery.endpoint_id, delivery.booking_id, body["type"]) == (endpoint.pk, None, "ping")
    assert body["data"] == {"endpoint": endpoint.pk, "url": endpoint.url}
    assert WebhookDelivery.objects.count() == 1


def test_an_interpreter_withdrawing_sends_booking_withdrawn_and_nothing_for_the_move_back(make_endpoint, new_booking):
    """Through the withdrawal itself (portal/services.py booking_withdraw), not by calling the outbox."""
    make_endpoint()
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    booking = new_booking()
    booking = booking_transition(booking=booking, to=Status.CONFIRMED, interpreter=interpreter)
    booking_withdraw(booking=booking, by=interpreter.user, reason="Ziek")
    assert types(booking) == ["booking.created", "booking.confirmed", "booking.withdrawn"]
    body = json.loads(WebhookDelivery.objects.get(booking=booking, event_type="booking.withdrawn").body)
    assert body["data"]["interpreter"] is None
