"""A Celery worker killed with SIGKILL in the middle of a task: after a new worker starts, the work is done once.

The task is made to stop in the middle on something the test controls: the test holds a row lock on the
booking (or message) the task needs, so the worker's task blocks inside its transaction. The test sees it
waiting (pg_stat_activity), kills the worker (no clean shutdown, no acknowledgement), releases the lock and
starts a new worker. With acks_late, the message is still "unacked" in Redis; after the visibility timeout
(CELERY_VISIBILITY_TIMEOUT, short here) the new worker takes it back and runs it: once.

For a message the kill leaves a claim behind (the claim's UPDATE was already with PostgreSQL); the
outbox's abandoned-claim path sends it after SENDING_TIMEOUT, once. A worker killed while talking to SMTP
is covered by tests/notifications/test_worker_smtp.py.
"""

import time
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db.models import F
from django.utils import timezone

from bookings.models import Booking, Message, MessageStatus, Offer, Status
from matching.tasks import match_booking
from notifications.outbox import SENDING_TIMEOUT, outbox_flush
from notifications.tasks import send_message
from tests.factories import BookingFactory, InterpreterFactory, UserFactory
from tests.workers import database_url, wait_for

VISIBILITY_TIMEOUT = 4
pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


class RowLock:
    """Hold `SELECT ... FOR UPDATE` on one row from a connection of the test's own."""

    def __init__(self, table: str, pk: int):
        self.connection = psycopg.connect(database_url(), autocommit=False)
        self.connection.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [pk])  # noqa: S608

    def waiters(self) -> int:
        with psycopg.connect(database_url(), autocommit=True) as other:
            row = other.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
        return row[0]

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()


def kill_while_blocked_then_restart(workers, broker, lock: RowLock):
    first = workers.start(broker_url=broker.url, queue=broker.queue, visibility_timeout=VISIBILITY_TIMEOUT)
    try:
        wait_for(lambda: lock.waiters() > 0, "the worker's task to block on the row lock")
        delivered = time.monotonic()
        workers.kill(first)
    finally:
        lock.release()
    assert first.returncode == -9
    # the message stays unacknowledged until its visibility timeout has passed; then a new worker takes it back
    time.sleep(max(0.0, delivered + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
    return workers.start(broker_url=broker.url, queue=broker.queue, visibility_timeout=VISIBILITY_TIMEOUT)


def test_a_worker_killed_in_the_middle_of_matching_is_replaced_and_the_round_runs_once(broker_at, workers):
    broker = broker_at(django_settings.TEST_REDIS_URL)
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    booking = BookingFactory(mode="video", created_at=timezone.now())
    lock = RowLock("bookings_booking", booking.pk)
    match_booking.delay(booking.pk)

    second = kill_while_blocked_then_restart(workers, broker, lock)

    offer = wait_for(lambda: Offer.objects.filter(booking=booking).first(), "the new worker to run the round")
    assert offer.interpreter == interpreter
    # the same message again (restored twice, or a second delivery) changes nothing: still one round
    match_booking.delay(booking.pk)
    wait_for(lambda: second.log_path.read_text().count("succeeded") >= 2, "the repeated task to finish")
    assert Offer.objects.filter(booking=booking).count() == 1
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    assert booking.history.filter(to_status=Status.OFFERED).count() == 1
    assert "bookings.match_booking" in workers.processes[0].log_path.read_text()  # the first one had it


def test_a_worker_killed_in_the_middle_of_sending_is_replaced_and_the_mail_goes_once(broker_at, workers):
    broker = broker_at(django_settings.TEST_REDIS_URL)
    recipient = UserFactory(email="tolk@example.be")
    message = Message.objects.create(
        key="crash-test:1",
        kind="booking_received",
        recipient=recipient,
        to_email=recipient.email,
        subject="Onderwerp",
        body_text="Tekst",
    )
    lock = RowLock("bookings_message", message.pk)
    send_message.delay(message.pk)

    second = kill_while_blocked_then_restart(workers, broker, lock)
    wait_for(lambda: "succeeded" in second.log_path.read_text(), "the new worker to run the redelivered task")

    # The killed worker's claim (UPDATE ... status='sending') had already reached PostgreSQL and committed
    # once the lock was free; the redelivered task therefore finds the message claimed and does nothing.
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENDING, 1)
    assert all("X-Tolkportaal-Message" not in p.log_path.read_text() for p in workers.processes)
    # After SENDING_TIMEOUT the claim counts as abandoned: beat's outbox flush enqueues it again.
    Message.objects.filter(pk=message.pk).update(claimed_at=F("claimed_at") - SENDING_TIMEOUT - timedelta(minutes=1))
    assert outbox_flush() == [message.pk]

    wait_for(lambda: Message.objects.filter(pk=message.pk, status=MessageStatus.SENT).exists(), "the mail to go")
    send_message.delay(message.pk)  # one more delivery of the task sends nothing more
    wait_for(lambda: second.log_path.read_text().count("succeeded") >= 3, "the repeated task to finish")
    assert Message.objects.get(pk=message.pk).attempts == 2
    sent = [p.log_path.read_text().count("X-Tolkportaal-Message: crash-test:1") for p in workers.processes]
    assert sent == [0, 1]  # the console email backend prints each mail a worker sends: exactly one
