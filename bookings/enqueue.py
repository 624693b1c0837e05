"""Enqueue Celery work after the caller's commit without ever failing the caller.

A booking or a message row is the source of truth; the task only makes it happen sooner. When the broker
is down, publishing fails fast (broker timeouts and retry policy in settings) and is logged here, and the
periodic sweeps pick the work up later: `matching.rounds.bookings_stalled` (beat `sweep-offer-rounds`) for
matching, `notifications.outbox.outbox_flush` (beat `flush-outbox`) for messages. So a dead broker never turns
into a 500 or a lost booking.

Tasks take ids only: no personal data travels through the broker or into its logs.
"""

import logging
import socket

from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, RedisError, ConnectionError, socket.timeout, OSError)


def enqueue(task, *args: int) -> bool:
    """Publish now; False (logged) when the broker cannot be reached."""
    try:
        task.apply_async(args=args)
    except BROKER_ERRORS as error:
        logger.warning("broker unreachable, %s%s left to the periodic sweep: %s", task.name, args, error)
        return False
    return True


def enqueue_at(task, moment, *args) -> bool:
    """Publish to run at `moment` (an eta task: the worker holds it until then, on Redis and on the filesystem
    transport alike); False (logged) when the broker cannot be reached."""
    try:
        task.apply_async(args=args, eta=moment)
    except BROKER_ERRORS as error:
        logger.warning("broker unreachable, %s%s at %s left to the periodic sweep: %s", task.name, args, moment, error)
        return False
    return True


def enqueue_on_commit(task, *args: int) -> None:
    """`task.delay_on_commit(*args)`, but a broker failure is logged instead of raised."""
    transaction.on_commit(lambda: enqueue(task, *args))


def enqueue_all_on_commit(task, ids: list[int]) -> None:
    """One on-commit callback publishing `task(id)` for each id; it stops at the first broker failure (the
    periodic sweep sends the rest)."""

    def publish() -> None:
        for item in ids:
            if not enqueue(task, item):
                break

    transaction.on_commit(publish)
