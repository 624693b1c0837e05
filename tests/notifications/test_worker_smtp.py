"""A real worker on Redis sends the reminders to a real SMTP server on localhost: once, and none lost.

- two workers and a repeated scan send nothing more;
- a worker killed while its message is in flight (claimed, the SMTP server not yet accepting) loses nothing:
  once the claim is old, flush_outbox hands the message to another worker, which sends it once.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from bookings.models import Message, MessageStatus, Status
from bookings.outbox import SENDING_TIMEOUT, outbox_flush
from bookings.reminders import reminders_send
from config.celery_app import app as celery_app
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, requester
from tests.notifications.smtp_server import SMTPServer

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 40
pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def wait_for(check, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up after {WAIT_SECONDS} s waiting for {what}")


@pytest.fixture
def smtp():
    with SMTPServer() as server:
        yield server


@pytest.fixture
def queue(settings):
    """Tasks go to Redis for real (tests run them eagerly otherwise), on a queue of this test's own."""
    name = f"test-outbox-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, broker_url=django_settings.TEST_REDIS_URL, task_default_queue=name)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield name
    import redis

    redis.Redis.from_url(django_settings.TEST_REDIS_URL).delete(name, f"_kombu.binding.{name}")
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def start_worker(queue, smtp, tmp_path):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": django_settings.TEST_REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
    }
    workers = []

    def start():
        log_path = tmp_path / f"worker{len(workers)}.log"
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
        command += ["-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
        command += ["-n", f"outbox{len(workers)}@%h"]
        log = open(log_path, "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        process.log, process.log_path = log, log_path
        workers.append(process)
        return process

    yield start
    for process in workers:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        process.log.close()
        print(process.log_path.read_text()[-3000:])  # shown when the test failed


@pytest.fixture
def job():
    organisation = OrganisationFactory()
    starts_at = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    return BookingFactory(
        status=Status.CONFIRMED,
        organisation=organisation,
        requested_by=requester(organisation),
        interpreter=InterpreterFactory(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )


def all_sent():
    return not Message.objects.exclude(status=MessageStatus.SENT).exists() and Message.objects.exists()


def test_two_workers_and_a_repeated_scan_deliver_each_reminder_once(job, smtp, start_worker):
    start_worker(), start_worker()
    assert reminders_send() == 2  # autocommit: each row is committed, its task goes to Redis
    wait_for(lambda: len(smtp.received) == 2, "two mails at the SMTP server")
    wait_for(all_sent, "both messages marked sent")
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
    wait_for(all_sent, "every message sent")
    wait_for(lambda: len(smtp.received) == 2, "both mails")
    time.sleep(2)
    assert smtp.keys() == sorted(Message.objects.values_list("key", flat=True))  # each exactly once
    assert Message.objects.get(pk=in_flight.pk).attempts == 2
