"""Each beat task at most once per period, however many beat processes send it.

Two beats started by mistake (or an old one left running during a deploy) each send every periodic task. The
tasks are safe to run twice, but they would do each sweep twice as often. So a beat task first claims its row
in PeriodicRun with a compare-and-set: it runs only when the last start is at least MIN_GAP of its period ago
(in CELERY_BEAT_SCHEDULE), and otherwise returns at once. One beat alone is never held back: its ticks are a
whole period apart. A sweep that is also started by hand (a management command) calls the service directly.
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookings.models import PeriodicRun

logger = logging.getLogger(__name__)
MIN_GAP = 0.8  # of the period: beat's ticks drift a little, never by a fifth


def beat_period(task_name: str) -> timedelta:
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry["task"] == task_name:
            return timedelta(seconds=float(entry["schedule"]))
    raise LookupError(f"{task_name} is not in CELERY_BEAT_SCHEDULE")


def periodic_claim(task_name: str, now=None) -> bool:
    """True when this call may run `task_name` now (and counts the run); False when it ran too recently."""
    now = now or timezone.now()
    since = now - beat_period(task_name) * MIN_GAP
    claimed = PeriodicRun.objects.filter(name=task_name, last_started_at__lte=since).update(
        last_started_at=now, runs=F("runs") + 1
    )
    if claimed:
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=task_name, last_started_at=now, runs=1)
    except IntegrityError:
        return False  # the row exists: the task ran within the gap, or another call created it just now
    return True


def once_per_period(task_name: str):
    """Decorate a beat task's function: it runs at most once per period of its beat schedule entry."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            if not periodic_claim(task_name):
                logger.info("%s ran less than a period ago (another beat?): skipped", task_name)
                return None
            return function(*args, **kwargs)

        return run

    return decorate
