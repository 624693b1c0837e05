"""Redis down, seen from outside: a real gunicorn on a private Redis, which the test then kills. Logging in on
the web and through the API, pages, the API and booking keep answering (no 5xx, no hang); GET /health/ says
degraded. Sessions live in the database, and the API throttles fall back to a count per process
(config/cache.py)."""

import os
import shutil
import subprocess
import sys
from datetime import timedelta

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from bookings.models import Booking
from tests.factories import OrganisationFactory, requester
from tests.servers import free_port, wait_for_redis, web_login
from tests.workers import ROOT, database_url, wait_for

PASSWORD = "redis-is-down-42"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program"),
]


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own (never the machine's), on a free port."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    wait_for_redis(url)
    yield url, process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


@pytest.fixture
def server(private_redis, tmp_path):
    url, _ = private_redis
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": database_url(), "REDIS_URL": url}
    env |= {"TOLK_VAR_DIR": str(tmp_path / "var"), "EMAIL_URL": "console://"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return requests.get(f"{base}/health/", timeout=10).status_code == 200
        except requests.RequestException:  # refused while it starts, or slow on its first request
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            return False

    wait_for(answers, "gunicorn", seconds=60)
    yield base
    process.terminate()
    process.wait(timeout=15)
    log.close()
    print((tmp_path / "gunicorn.log").read_text()[-3000:])


def test_with_redis_killed_logins_pages_the_api_and_booking_keep_answering(private_redis, server):
    _, redis_process = private_redis
    user = requester(OrganisationFactory())
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "redisdown")  # a hasher the server knows
    user.save(update_fields=["password"])
    before = web_login(server, user.username, PASSWORD)
    assert before.get(f"{server}/", timeout=10).status_code == 200

    redis_process.kill()
    redis_process.wait(timeout=10)

    health = requests.get(f"{server}/health/", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "degraded"
    assert health.json()["checks"]["cache"] == "down" and health.json()["checks"]["broker"] == "down"
    assert before.get(f"{server}/", timeout=10).status_code == 200, "the session made before the outage holds"
    during = web_login(server, user.username, PASSWORD)
    assert during.get(f"{server}/", timeout=10).status_code == 200
    assert during.get(f"{server}/bookings/", timeout=10).status_code == 200

    token = requests.post(f"{server}/api/v1/token/", json={"username": user.username, "password": PASSWORD}, timeout=10)
    assert token.status_code == 200, token.text[:500]
    api = {"Authorization": f"Token {token.json()['token']}"}
    assert requests.get(f"{server}/api/v1/bookings/", headers=api, timeout=10).status_code == 200
    body = {
        "mode": "phone",
        "language": "ara",
        "starts_at": (timezone.now() + timedelta(days=3)).replace(microsecond=0).isoformat(),
        "duration_minutes": 60,
    }
    created = requests.post(f"{server}/api/v1/bookings/", json=body, headers=api, timeout=10)
    assert created.status_code == 201, created.text[:500]
    assert Booking.objects.filter(pk=created.json()["id"], status="submitted").exists()
