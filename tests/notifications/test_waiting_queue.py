"""Mail that waited for the server goes out once it is back, in order of due time (notifications/sending.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Message, MessageStatus
from notifications.outbox import message_queue, outbox_flush, waiting_messages
from notifications.sending import message_send, outbox_drain
from tests.factories import BookingFactory, StaffFactory, UserFactory
from tests.notifications.backends import ServerAway
from tests.workers import run_together

BACKEND = "tests.notifications.backends.ServerAwayBackend"


@pytest.fixture(autouse=True)
def server(settings):
    settings.EMAIL_BACKEND = BACKEND
    ServerAway.reset()
    yield ServerAway
    ServerAway.reset()


def queue_mails(count: int, start: int = 0) -> list[str]:
    """`count` messages, each due a second after the one before; their keys in due order."""
    booking = BookingFactory()
    keys = []
    for number in range(start, start + count):
        user = UserFactory(email=f"person{number}@example.be")
        key = f"booking_received:{booking.pk}:{number}"
        message = message_queue(key=key, kind="booking_received", booking=booking, recipient=user)
        Message.objects.filter(pk=message.pk).update(created_at=timezone.now() + timedelta(seconds=number))
        keys.append(key)
    return keys


def send_each(keys, now=None):
    for key in keys:
        message_send(message_id=Message.objects.get(key=key).pk, now=now)


def back_after_backoff():
    return timezone.now() + timedelta(hours=1)


@pytest.mark.django_db
def test_mail_due_while_the_server_is_away_waits_in_order_and_goes_out_in_that_order(server):
    first = queue_mails(3)
    send_each(reversed(first))  # the workers took them in another order than they are due
    later = queue_mails(2, start=3)
    send_each(later)  # the server is away: new mail joins the queue instead of going out beside it
    statuses = dict(Message.objects.values_list("key", "status"))
    assert server.accepted == []
    assert Message.objects.filter(waited_for_server=True).count() == 5
    assert [m.key for m in waiting_messages()] == first + later, "staff see them in due order"
    assert {statuses[key] for key in later} == {MessageStatus.PENDING}, "waiting, without spending attempts"

    server.up = True
    assert outbox_drain(now=timezone.now()) == [], "the head is not tried before its backoff"
    sent = outbox_drain(now=back_after_backoff())
    assert server.accepted == first + later
    assert sent == [Message.objects.get(key=key).pk for key in first + later]
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}


@pytest.mark.django_db
def test_a_message_the_server_refuses_leaves_the_queue_and_holds_nothing_up(server):
    keys = queue_mails(3)
    send_each(keys)
    server.up, server.refused = True, {"person0@example.be"}
    outbox_drain(now=back_after_backoff())
    assert server.accepted == keys[1:]
    refused = Message.objects.get(key=keys[0])
    assert (refused.status, refused.waited_for_server) == (MessageStatus.FAILED, False)
    assert "SMTPRecipientsRefused" in refused.last_error
    assert message_send(message_id=Message.objects.get(key=queue_mails(1, start=9)[0]).pk), "no queue: sent at once"


@pytest.mark.django_db
def test_the_flush_starts_the_drain_and_leaves_the_queue_to_it(server):
    keys = queue_mails(2)
    send_each(keys)
    server.up = True
    assert outbox_flush(now=back_after_backoff()) == [], "no message of the queue is enqueued on its own"
    # the flush enqueued the drain (run at once in the tests), which uses the clock: make the head due
    Message.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    outbox_flush()
    assert server.accepted == keys


@pytest.mark.django_db(transaction=True)
def test_two_workers_draining_at_once_still_send_in_due_order_and_once(server):
    keys = queue_mails(12)
    send_each(keys)
    server.up = True
    now = back_after_backoff()
    results = run_together([lambda: outbox_drain(now=now), lambda: outbox_drain(now=now)])
    assert not any(isinstance(result, Exception) for result in results), results
    leftover = outbox_drain(now=now)  # a drain that saw the head taken stopped; whatever is left goes now
    assert server.accepted == keys, "received in due order, each once"
    assert sorted(results[0] + results[1] + leftover) == sorted(Message.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_staff_see_why_each_message_waits(server, client):
    keys = queue_mails(1)
    send_each(keys)  # the first meets the refused connection
    send_each(queue_mails(1, start=1))  # the second waits behind it
    client.force_login(StaffFactory())
    page = client.get("/messages/waiting/").content.decode()
    assert page.count("Connection refused") == 1
    assert page.count("Wacht achter eerdere berichten op de mailserver.") == 1
