"""In production only https, and never an address in our own networks: resolved at send time, and the connection
goes to the address that was checked. DNS is the edge stubbed here (getaddrinfo); the connections are real."""

import socket

import pytest

from tests.webhooks.receiver import Receiver
from webhooks import transport
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.outbox import delivery_send

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2a00:1450:400e:80e::200e", True),
        ("127.0.0.1", False),
        ("10.0.0.8", False),
        ("172.16.4.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # the cloud's metadata service
        ("100.64.0.1", False),  # shared address space (carrier NAT)
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4 loopback dressed as IPv6
        ("224.0.0.1", False),
    ],
)
def test_which_addresses_count_as_public(address, public):
    assert transport.is_public(address) is public


@pytest.fixture
def dns(monkeypatch):
    """dns[name] = address: what getaddrinfo answers for `name` (everything else resolves as usual)."""
    answers: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return real(answers[host], port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_a_name_that_resolves_to_a_private_address_is_refused_at_send_time(settings, dns, make_endpoint, new_booking):
    endpoint = make_endpoint(url="https://hooks.example.test/in")  # a public name when it was saved
    settings.TOLK_WEBHOOKS_ALLOW_LOCAL = False
    dns["hooks.example.test"] = "10.20.30.40"  # ... and an internal address when the event is sent
    new_booking()
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert not delivery_send(delivery_id=delivery.pk)
    [attempt] = WebhookDelivery.objects.get(pk=delivery.pk).attempt_log.all()
    assert attempt.status_code is None
    assert "RefusedAddress" in attempt.error and "10.20.30.40" in attempt.error


def test_plain_http_is_refused_in_production_even_when_stored(settings, make_endpoint, new_booking):
    receiver = Receiver().start()
    try:
        endpoint = make_endpoint(url=receiver.url)
        settings.TOLK_WEBHOOKS_ALLOW_LOCAL = False
        new_booking()
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert not delivery_send(delivery_id=delivery.pk)
        assert receiver.received == []
        assert WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING  # retried later
    finally:
        receiver.stop()


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(monkeypatch, make_endpoint, new_booking):
    receiver = Receiver().start()
    try:
        endpoint = make_endpoint(url=receiver.url.replace("127.0.0.1", "localhost"))
        receiver.secret = endpoint.secret
        connected = []
        real_create = socket.create_connection

        def create_connection(address, *args, **kwargs):
            connected.append(address)
            return real_create(address, *args, **kwargs)

        monkeypatch.setattr(socket, "create_connection", create_connection)
        new_booking()
        assert delivery_send(delivery_id=WebhookDelivery.objects.get().pk)
        assert connected == [(transport.address_checked("localhost", receiver.port), receiver.port)]
        assert connected[0][0] in {"127.0.0.1", "::1"}  # an address, never the name resolved a second time
        assert receiver.hosts == [f"localhost:{receiver.port}"]
    finally:
        receiver.stop()
