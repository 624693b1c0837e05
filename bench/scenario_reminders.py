"""One reminder scan on a day with about 1,000 reminders due, beside the SQL for the same question.

Inside a transaction that is rolled back at the end: past jobs are completed, and jobs of the next 24 hours
are made confirmed with a requester (two reminders each: interpreter and requester) until about 1,000
reminders are due. Figures: finding what is due
(`reminders_due`, timed over repetitions) beside one hand-written query for the same rows, and one whole
pass (`reminders_send`: finding, rendering and queueing every message), the thing beat runs each minute.
"""

import time
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from bench.measure import Result, ratio, timed, verdict
from bookings.models import Booking, Status
from notifications.reminders import reminders_due, reminders_send
from organisations.models import Membership

NOW = datetime(2026, 6, 16, 5, 0, tzinfo=UTC)
WANTED = 1000
SQL = """
WITH due AS (
  SELECT 'reminder_interpreter:' || b.id || ':' || i.user_id || ':' || extract(epoch FROM b.starts_at)::bigint AS key
  FROM bookings_booking b JOIN interpreters_interpreter i ON i.id = b.interpreter_id
  WHERE b.kind = 'interpreting' AND b.status = 'confirmed' AND b.starts_at > %(now)s AND b.starts_at <= %(day)s
  UNION ALL
  SELECT 'reminder_requester:' || b.id || ':' || b.requested_by_id || ':' || extract(epoch FROM b.starts_at)::bigint
  FROM bookings_booking b
  WHERE b.kind = 'interpreting' AND b.status = 'confirmed' AND b.interpreter_id IS NOT NULL
    AND b.requested_by_id IS NOT NULL AND b.starts_at > %(now)s AND b.starts_at <= %(day)s
  UNION ALL
  SELECT 'timesheet_missing:' || b.id
  FROM bookings_booking b
  WHERE b.kind = 'interpreting' AND b.status = 'confirmed' AND b.interpreter_id IS NOT NULL
    AND b.ends_at <= %(after)s AND b.ends_at > %(after)s - interval '30 days'
    AND NOT EXISTS (SELECT 1 FROM bookings_timesheet t WHERE t.booking_id = b.id)
)
SELECT key FROM due WHERE NOT EXISTS (SELECT 1 FROM bookings_message m WHERE m.key = due.key)
"""


class _Rollback(Exception):
    pass


def _make_due() -> None:
    # jobs of the past month were carried out (the loader leaves 7% of them confirmed, as if never filed)
    Booking.objects.filter(status=Status.CONFIRMED, ends_at__lte=NOW).update(status=Status.COMPLETED)
    have = len(reminders_due(NOW))
    need = max(0, (WANTED - have) // 2)
    member = Membership.objects.filter(organisation=OuterRef("organisation_id")).values("user_id")[:1]
    jobs = Booking.objects.filter(
        interpreter__isnull=False, starts_at__gt=NOW, starts_at__lte=NOW + timedelta(hours=24), kind="interpreting"
    ).values_list("pk", flat=True)[:need]
    Booking.objects.filter(pk__in=list(jobs)).update(status=Status.CONFIRMED, requested_by_id=Subquery(member))


def _sql() -> list:
    params = {"now": NOW, "day": NOW + timedelta(hours=24), "after": NOW - timedelta(hours=24)}
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        return cursor.fetchall()


def run(scale: str, *, repeat: int = 7) -> list[Result]:
    results: list[Result] = []
    due = same = queued = 0
    whole = 0.0
    try:
        with transaction.atomic():
            _make_due()
            due = len(reminders_due(NOW))
            same = len(_sql())
            finding = timed(lambda: reminders_due(NOW), repeat=repeat, warmup=1)
            best = timed(_sql, repeat=repeat, warmup=1)
            started = time.perf_counter()
            queued = reminders_send(NOW)
            whole = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    results.append(
        Result(
            scale,
            "reminder scan: finding what is due",
            f"p95 ms ({due:,} reminders due; the SQL finds {same:,} of them)",
            f"{finding.p95_ms:.0f}",
            f"{best.p95_ms:.0f}",
            ratio(finding.p95_ms, best.p95_ms),
            "—",
        )
    )
    results.append(
        Result(
            scale,
            "reminder scan: one whole pass",
            f"seconds (finding, rendering and queueing {queued:,} messages)",
            f"{whole:.2f}",
            target="≤ 2 s",
            verdict=verdict(whole, 2.0),
        )
    )
    return results
