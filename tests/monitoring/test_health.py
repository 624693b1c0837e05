"""GET /health/ as shared/interfaces.md has it: no login, JSON, 200 while the database answers (degraded when the
broker or the cache is down), 503 when it does not, and nothing personal."""

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Message, MessageStatus, Status
from notifications.outbox import MAX_ATTEMPTS
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
KEYS = {"status", "checks", "outbox_backlog", "oldest_waiting_booking_seconds"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nobody listens once the socket is closed


def message(key: str, status: str, attempts: int = 0) -> Message:
    return Message.objects.create(
        key=key,
        kind="booking_received",
        to_email="x@example.be",
        status=status,
        attempts=attempts,
        subject="S",
        body_text="B",
    )


def test_everything_up_answers_ok_with_the_backlog_and_the_longest_wait(client):
    waiting = BookingFactory(status=Status.SUBMITTED)
    Booking.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    BookingFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())
    message("a", MessageStatus.PENDING)
    message("b", MessageStatus.FAILED, attempts=2)
    message("c", MessageStatus.FAILED, attempts=MAX_ATTEMPTS)  # given up: staff's list, not the backlog
    message("d", MessageStatus.SENT, attempts=1)
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == KEYS
    assert body["status"] == "ok" and body["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
    assert body["outbox_backlog"] == 2
    assert 600 <= body["oldest_waiting_booking_seconds"] < 700
    assert "no-store" in response["Cache-Control"]


def test_nothing_waiting_is_null_not_zero(client):
    BookingFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())
    assert client.get(reverse("health")).json()["oldest_waiting_booking_seconds"] is None


def test_a_broker_that_does_not_answer_is_degraded_not_an_error(client, broker_at):
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"] == {"database": "ok", "broker": "down", "cache": "ok"}


def test_a_cache_whose_redis_does_not_answer_is_degraded_not_an_error(client, settings):
    location = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {"default": {"BACKEND": "config.cache.FailSoftRedisCache", "LOCATION": location}}
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["checks"]["cache"] == "down"


@pytest.mark.slow
def test_a_server_whose_database_is_down_answers_503(tmp_path):
    """From outside: a real server process whose DATABASE_URL points at a port nobody listens on."""
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "TOLK_VAR_DIR": str(tmp_path / "var")}
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{closed_port()}/nowhere"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/health/", timeout=10)
                break
            except requests.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert response.status_code == 503
        body = response.json()
        assert set(body) == KEYS and body["status"] == "down" and body["checks"]["database"] == "down"
    finally:
        server.terminate()
        server.wait(timeout=15)
