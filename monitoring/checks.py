"""The checks behind GET /health/ (shared/interfaces.md): each answers "ok" or "down" within about a second,
and none of them says anything personal."""

import uuid

from django.core.cache import caches
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from bookings.models import Booking, Status
from config.cache import FailSoftRedisCache
from config.celery_app import app as celery_app
from notifications.outbox import outbox_backlog

OK, DOWN = "ok", "down"
BROKER_TIMEOUT_SECONDS = 1


def database_check() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure to answer is "down"
        return DOWN
    return OK


def broker_check() -> str:
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception:  # noqa: BLE001
        return DOWN
    return OK


def cache_check() -> str:
    backend = caches["default"]
    if isinstance(backend, FailSoftRedisCache):  # it keeps working without Redis: ask Redis itself
        return OK if backend.shared_answers() else DOWN
    key, value = f"health:{uuid.uuid4().hex}", "1"
    try:
        backend.set(key, value, timeout=5)
        answered = backend.get(key)
        backend.delete(key)
    except Exception:  # noqa: BLE001
        return DOWN
    return OK if answered == value else DOWN


def oldest_waiting_booking_seconds(now=None) -> int | None:
    """How long the longest-waiting booking without an interpreter (submitted or offered) has waited."""
    now = now or timezone.now()
    oldest = Booking.objects.filter(status__in=[Status.SUBMITTED, Status.OFFERED]).aggregate(Min("created_at"))
    first = oldest["created_at__min"]
    return None if first is None else max(int((now - first).total_seconds()), 0)


def health() -> tuple[int, dict]:
    """(HTTP status, body): 200 while the database answers ("degraded" when the broker or the cache does not),
    503 when it does not."""
    checks = {"database": database_check(), "broker": broker_check(), "cache": cache_check()}
    body = {"status": "ok", "checks": checks, "outbox_backlog": None, "oldest_waiting_booking_seconds": None}
    if checks["database"] == DOWN:
        body["status"] = DOWN
        return 503, body
    body["outbox_backlog"] = outbox_backlog()
    body["oldest_waiting_booking_seconds"] = oldest_waiting_booking_seconds()
    if DOWN in checks.values():
        body["status"] = "degraded"
    return 200, body
