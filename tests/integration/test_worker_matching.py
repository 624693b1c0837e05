"""A real Celery worker on Redis matches a submitted booking; an interpreter accepts; the booking is confirmed."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from bookings.models import Booking, Kind, Offer, OfferStatus, Status
from bookings.offers import offer_accept
from bookings.requests import BookingRequest
from bookings.services import booking_submit
from config.celery_app import app as celery_app
from tests.factories import InterpreterFactory, OrganisationFactory, language, requester

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30
pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def wait_for(check, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"gave up after {WAIT_SECONDS} s waiting for {what}")


@pytest.fixture
def redis_celery(settings):
    """Send tasks to Redis for real (tests/settings.py runs them eagerly in memory), on a queue of our own."""
    queue = f"test-matching-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, broker_url=django_settings.TEST_REDIS_URL, task_default_queue=queue)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield queue
    import redis

    redis.Redis.from_url(django_settings.TEST_REDIS_URL).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(redis_celery, tmp_path):
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
        "EMAIL_URL": "console://",
    }
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - closed below
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["-Q", redis_celery, "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = tmp_path / "worker.log"
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.seek(0)
        print(log.read()[-4000:])  # shown by pytest when the test failed
        log.close()


def test_a_submitted_booking_gets_offers_from_the_worker_and_is_confirmed_on_accept(worker):
    interpreter = InterpreterFactory(languages={"ara": "certified"}, offers_on_site=True)
    organisation = OrganisationFactory()
    user = requester(organisation)
    request = BookingRequest(
        kind=Kind.INTERPRETING,
        language=language("ara"),
        mode="video",
        starts_at=(timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0),
        duration_minutes=60,
    )
    booking = booking_submit(request=request, organisation=organisation, by=user)  # commits: the task goes to Redis

    offer = wait_for(lambda: Offer.objects.filter(booking=booking, status=OfferStatus.OPEN).first(), "an offer")
    assert worker.poll() is None
    assert "bookings.match_booking" in worker.log_path.read_text()  # the worker did it, not an eager call
    assert offer.interpreter == interpreter
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED

    booking = offer_accept(offer=offer, by=interpreter.user)
    assert booking.status == Status.CONFIRMED
    assert Booking.objects.get(pk=booking.pk).interpreter == interpreter
