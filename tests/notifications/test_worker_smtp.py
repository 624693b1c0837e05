"""A real worker (on Redis beside PostgreSQL, on the filesystem queue beside SQLite) sends the reminders to a
real SMTP server on localhost: once, and none lost.

- two workers and a repeated scan send nothing more;
- a worker killed while its message is in flight (claimed, the SMTP server not yet accepting) loses nothing:
  once the claim is old, flush_outbox hands the message to another worker, which sends it once.
"""

import signal
import time
from datetime import timedelta

import pytest
from django.db.models import F

from bookings.models import Message, MessageStatus
from notifications.outbox import SENDING_TIMEOUT, outbox_flush
from notifications.reminders import reminders_send
from tests.faults.seed import confirmed_job
from tests.notifications.smtp_server import SMTPServer
from tests.workers import wait_for

WAIT_SECONDS = 40
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def smtp():
    with SMTPServer() as server:
        yield server


@pytest.fixture
def start_worker(suite_broker, workers, smtp):
    """start_worker() → a worker on this test's own queue, sending through the test's SMTP server."""
    broker = suite_broker
    return lambda: workers.start(
        broker_url=broker.url, queue=broker.queue, extra_env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
    )


@pytest.fixture
def job():
    return confirmed_job(hours_ahead=20)


def all_sent():
    return not Message.objects.exclude(status=MessageStatus.SENT).exists() and Message.objects.exists()


def test_two_workers_and_a_repeated_scan_deliver_each_reminder_once(job, smtp, start_worker):
    start_worker(), start_worker()
    assert reminders_send() == 2  # autocommit: each row is committed, its task goes to Redis
    wait_for(lambda: len(smtp.received) == 2, "two mails at the SMTP server", WAIT_SECONDS)
    wait_for(all_sent, "both messages marked sent", WAIT_SECONDS)
    assert reminders_send() == 0
    outbox_flush()  # nothing is due: every message was sent
    time.sleep(2)
    assert len(smtp.received) == 2
    interpreter_mail = next(m for m in smtp.received if m["To"] == job.interpreter.user.email)
    assert interpreter_mail.is_multipart()
    assert any(part.get_content_type() == "text/calendar" for part in interpreter_mail.walk())


def test_a_worker_killed_mid_send_loses_nothing_and_duplicates_nothing(job, smtp, start_worker):
    first = start_worker()
    smtp.stall.set()
    reminders_send()
    assert smtp.stalled.wait(WAIT_SECONDS), "the worker never reached the SMTP server"
    in_flight = Message.objects.get(status=MessageStatus.SENDING)
    first.send_signal(signal.SIGKILL)  # dies mid-send: its claim stays behind
    first.wait(timeout=10)
    smtp.stall.clear()
    smtp.release.set()

    start_worker()
    outbox_flush()  # the claim is fresh: not taken away from a worker that may still be sending
    time.sleep(1)
    assert Message.objects.get(pk=in_flight.pk).status == MessageStatus.SENDING
    # let SENDING_TIMEOUT pass for the claim (moving the claim back instead of waiting five minutes)
    Message.objects.filter(pk=in_flight.pk).update(claimed_at=F("claimed_at") - SENDING_TIMEOUT - timedelta(seconds=1))
    outbox_flush()
    wait_for(all_sent, "every message sent", WAIT_SECONDS)
    wait_for(lambda: len(smtp.received) == 2, "both mails", WAIT_SECONDS)
    time.sleep(2)
    assert smtp.keys() == sorted(Message.objects.values_list("key", flat=True))  # each exactly once
    assert Message.objects.get(pk=in_flight.pk).attempts == 2
