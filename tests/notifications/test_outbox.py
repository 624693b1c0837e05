"""The outbox: one row per key, claimed before sending, retried with backoff, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bookings.models import Message, MessageStatus
from notifications.outbox import (
    MAX_ATTEMPTS,
    SENDING_TIMEOUT,
    failed_messages,
    message_queue,
    message_retry,
    outbox_flush,
)
from notifications.sending import message_send, outbox_drain
from tests.factories import BookingFactory, UserFactory

pytestmark = pytest.mark.django_db
FAILING = "tests.notifications.backends.FailingBackend"


def queue(booking, user, key="booking_received:1:1"):
    return message_queue(key=key, kind="booking_received", booking=booking, recipient=user)


@pytest.fixture
def message():
    return queue(BookingFactory(), UserFactory())


def test_a_second_queue_with_the_same_key_creates_nothing():
    booking, user = BookingFactory(), UserFactory()
    assert queue(booking, user) is not None
    assert queue(booking, user) is None
    assert Message.objects.count() == 1


def test_the_send_task_runs_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue(BookingFactory(), UserFactory())
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert Message.objects.get().status == MessageStatus.SENT


def test_sending_twice_sends_once(message):
    assert message_send(message_id=message.pk) is True
    assert message_send(message_id=message.pk) is False
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert message.sent_at is not None


def test_a_failing_backend_leads_to_retries_with_backoff_and_then_to_failed(message, settings):
    """The server away: the message waits for it, and the drain tries it again after each backoff."""
    settings.EMAIL_BACKEND = FAILING
    now = timezone.now()
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert message_send(message_id=message.pk, now=now) is False
        message.refresh_from_db()
        assert (message.status, message.attempts, message.waited_for_server) == (MessageStatus.FAILED, attempt, True)
        assert "SMTPServerDisconnected" in message.last_error
        delays.append(message.next_attempt_at - now)
        assert outbox_drain(now=now) == []
        message.refresh_from_db()
        assert message.attempts == attempt, "not tried before its backoff"
        now = message.next_attempt_at
    assert delays == [timedelta(minutes=2**n) for n in range(MAX_ATTEMPTS)]
    assert outbox_drain(now=now + timedelta(days=1)) == []
    assert message_send(message_id=message.pk, now=now + timedelta(days=1)) is False
    assert list(failed_messages()) == [message]
    assert outbox_flush(now=now + timedelta(days=1)) == []


def test_a_failed_message_is_sent_by_the_next_flush_when_the_server_is_back(message, settings):
    settings.EMAIL_BACKEND = FAILING
    message_send(message_id=message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_flush(now=timezone.now()) == [], "not due before its backoff"
    message.refresh_from_db()
    assert (message.status, message.waited_for_server) == (MessageStatus.FAILED, True)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert outbox_flush() == [], "not sent beside the waiting queue but by its drain, which the flush starts"
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_a_message_stuck_in_sending_is_picked_up_again_by_flush(message):
    claimed_at = timezone.now() - SENDING_TIMEOUT - timedelta(seconds=1)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING, claimed_at=claimed_at, attempts=1)
    assert outbox_flush(now=claimed_at + SENDING_TIMEOUT - timedelta(seconds=1)) == []
    assert outbox_flush() == [message.pk]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_message_stuck_in_sending_without_attempts_left_becomes_failed(message):
    claimed_at = timezone.now() - SENDING_TIMEOUT - timedelta(minutes=1)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=claimed_at, attempts=MAX_ATTEMPTS
    )
    outbox_flush()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert list(failed_messages()) == [message]
    assert mail.outbox == []


def test_staff_retry_gives_a_failed_message_fresh_attempts(message, settings, django_capture_on_commit_callbacks):
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=True):
        assert message_retry(message=message) is True
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert message_retry(message=message) is False


def test_no_address_means_no_message():
    assert queue(BookingFactory(), UserFactory(email="")) is None
    assert not Message.objects.exists()


def test_a_message_is_written_in_the_callers_transaction_and_rolled_back_with_it(django_capture_on_commit_callbacks):
    from django.db import transaction

    booking, user = BookingFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue(booking, user)
            raise RuntimeError("the change it announces failed")
    assert not Message.objects.exists()
    assert callbacks == [] and mail.outbox == []
