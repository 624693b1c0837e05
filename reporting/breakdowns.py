"""Counting bookings per status and per dimension: the heavy part of every report.

On PostgreSQL one query does it all (see `breakdowns_postgresql`). Elsewhere (SQLite for a laptop) one
grouped query per breakdown gives the same result. Regions are those of the bookings' organisations today.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth

from bookings.models import Kind, Status
from bookings.models.booking import lead_hour
from organisations.models import Municipality, Organisation, Region

LATE = "late"  # a cancelled booking with late_cancellation: its own group beside `cancelled`
LEAD_HOURS = "lead_hours"  # the rows counting the completed bookings per lead-time hour (PostgreSQL)
DIMENSIONS = {  # dimension → column of the annotated bookings
    "region": "organisation__municipality__region__code",
    "language": "language_id",
    "mode": "tp_mode",
    "month": "tp_month",
    "sector": "sector",
}
TRANSLATION = "translation"


@dataclass
class Breakdowns:
    by_status: dict[str, int] = field(default_factory=dict)  # late cancellations counted as cancelled
    late: int = 0
    minutes: int = 0  # expected minutes of the completed interpreting jobs
    groups: dict[str, dict[str, dict]] = field(default_factory=dict)  # status or LATE → dimension → {key: n}
    # completed bookings per whole hour of lead time (`lead_hour`), ascending; None where not counted (SQLite)
    lead_hours: list[tuple[float, int]] | None = None

    def of(self, group: str, dimension: str) -> dict:
        """{key: count} of one group in one dimension, largest first."""
        counts = self.groups.get(group, {}).get(dimension, {})
        return dict(sorted(counts.items(), key=lambda row: (-row[1], str(row[0]))))


def mode_expression():
    return Case(When(kind=Kind.TRANSLATION, then=Value(TRANSLATION)), default=F("mode"), output_field=CharField())


def _annotated(bookings, zone):
    return bookings.order_by().annotate(
        tp_group=Case(
            When(status=Status.CANCELLED, late_cancellation=True, then=Value(LATE)),
            default=F("status"),
            output_field=CharField(),
        ),
        tp_mode=mode_expression(),
        tp_month=ExtractMonth("starts_at", tzinfo=zone),
    )


def _add(result: Breakdowns, group: str, n: int, minutes) -> None:
    status = Status.CANCELLED if group == LATE else group
    result.by_status[status] = result.by_status.get(status, 0) + n
    result.late += n if group == LATE else 0
    result.minutes += (minutes or 0) if group == Status.COMPLETED else 0


def _key(dimension: str, value):
    return f"{int(value):02d}" if dimension == "month" else value


@contextmanager
def scan_settings():
    """A transaction tuned for the report's scans of a period's bookings (PostgreSQL; elsewhere nothing).

    With the default 4 MB a year at 10× (244,260 bookings) spilled its groups and sorts to disk; 64 MB keeps
    them in memory. The default random_page_cost (4, spinning disks) made the planner read the wide table
    rather than the narrow covering index `booking_report_covering` (EXPLAIN ANALYZE at 10×: twice the time).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield


def month_starts(lower: datetime, upper: datetime, zone) -> list[datetime]:
    """The local month starts strictly after `lower` and before `upper`: the edges of the period's months."""
    local = lower.astimezone(zone)
    year, month = local.year, local.month
    starts = []
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        start = datetime(year, month, 1, tzinfo=zone)
        if start >= upper:
            return starts
        starts.append(start)


def breakdowns_postgresql(bookings, zone, lower: datetime, upper: datetime) -> Breakdowns:
    """Two grouped scans side by side (parallel), then GROUPING SETS over their few thousand rows.

    A booking's month is found by comparing its start with the period's month starts (`width_bucket`), not
    by converting every start to local time. The scans group by the raw columns (cheap to hash); statuses,
    modes and months are derived from the grouped rows. Organisations are counted per id, and only their
    grouped rows are joined to their region. A third scan, beside them, counts the completed bookings per hour
    of lead time (from the index `booking_completed_lead_hour` if the planner finds it cheaper): the median lead
    time then reads only the bookings of the hour holding the middle.
    """
    columns = ["status", "late_cancellation", "kind", "mode", "organisation_id", "language_id", "sector"]
    inner = bookings.order_by().values(*columns, "duration_minutes", "starts_at", lead_hour=lead_hour())
    inner_sql, params = inner.query.sql_with_params()
    edges = month_starts(lower, upper, zone)
    months = [lower.astimezone(zone).month] + [edge.month for edge in edges]
    group = f"CASE WHEN late_cancellation AND status = '{Status.CANCELLED}' THEN '{LATE}' ELSE status END"
    sql = f"""
        WITH b AS NOT MATERIALIZED ({inner_sql}),
        per_organisation AS (
            SELECT status, late_cancellation, organisation_id, COUNT(*) AS n
            FROM b GROUP BY status, late_cancellation, organisation_id
        ),
        per_rest AS (
            SELECT status, late_cancellation, kind, mode, language_id, sector,
                width_bucket(starts_at, %s::timestamptz[]) AS month_bucket,
                COUNT(*) AS n, SUM(duration_minutes) AS minutes
            FROM b GROUP BY status, late_cancellation, kind, mode, language_id, sector, month_bucket
        ),
        rest AS (
            SELECT {group} AS tp_group, language_id,
                CASE WHEN kind = '{Kind.TRANSLATION}' THEN '{TRANSLATION}' ELSE mode END AS tp_mode,
                (%s::int[])[month_bucket + 1] AS tp_month, sector, kind, n, minutes
            FROM per_rest
        )
        SELECT tp_group, NULL, language_id, tp_mode, tp_month, sector, NULL::float,
            16 + GROUPING(language_id, tp_mode, tp_month, sector),
            SUM(n)::bigint, (SUM(minutes) FILTER (WHERE kind = '{Kind.INTERPRETING}'))::bigint
        FROM rest GROUP BY GROUPING SETS (
            (tp_group), (tp_group, language_id), (tp_group, tp_mode), (tp_group, tp_month), (tp_group, sector)
        )
        UNION ALL
        SELECT {group}, r.code, NULL, NULL, NULL, NULL, NULL, 15, SUM(n)::bigint, NULL
        FROM per_organisation p
        JOIN {Organisation._meta.db_table} o ON o.id = p.organisation_id
        JOIN {Municipality._meta.db_table} m ON m.id = o.municipality_id
        JOIN {Region._meta.db_table} r ON r.id = m.region_id
        GROUP BY 1, 2
        UNION ALL
        SELECT '{LEAD_HOURS}', NULL, NULL, NULL, NULL, NULL, lead_hour, NULL, COUNT(*), NULL
        FROM b WHERE status = '{Status.COMPLETED}' GROUP BY lead_hour
    """
    width = len(DIMENSIONS)
    bit_of = {dimension: 1 << (width - 1 - index) for index, dimension in enumerate(DIMENSIONS)}
    everything = (1 << width) - 1
    result = Breakdowns(lead_hours=[])
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, edges, months))
        for group, *values, hour, grouping, n, minutes in cursor.fetchall():
            if group == LEAD_HOURS:
                result.lead_hours.append((hour, n))
                continue
            if grouping == everything:
                _add(result, group, n, minutes)
                continue
            for index, dimension in enumerate(DIMENSIONS):
                if grouping == everything & ~bit_of[dimension]:
                    counts = result.groups.setdefault(group, {}).setdefault(dimension, {})
                    counts[_key(dimension, values[index])] = n
    result.lead_hours.sort()
    return result


def breakdowns_portable(bookings, zone) -> Breakdowns:
    """One grouped query for the statuses, then one per dimension of the groups the reports show."""
    annotated = _annotated(bookings, zone)
    result = Breakdowns()
    rows = annotated.values("tp_group").annotate(
        n=Count("id"), minutes=Sum("duration_minutes", filter=Q(kind=Kind.INTERPRETING))
    )
    present = set()
    for group, n, minutes in rows.values_list("tp_group", "n", "minutes"):
        _add(result, group, n, minutes)
        present.add(group)
    wanted = {
        Status.COMPLETED: list(DIMENSIONS),
        LATE: ["region"],
        Status.UNFILLED: ["region", "language"],
    }
    for group, dimensions in wanted.items():
        if not result.by_status.get(Status.CANCELLED if group == LATE else group) or (
            group == LATE and not result.late
        ):
            continue
        for dimension in dimensions:
            column = DIMENSIONS[dimension]
            grouped = annotated.filter(tp_group=group).values(column).annotate(n=Count("id"))
            result.groups.setdefault(group, {})[dimension] = {
                _key(dimension, value): n for value, n in grouped.values_list(column, "n")
            }
    return result


def breakdowns(bookings, zone, lower: datetime, upper: datetime) -> Breakdowns:
    """The breakdowns of `bookings`, all starting between `lower` (inclusive) and `upper` (exclusive)."""
    if connection.vendor == "postgresql":
        return breakdowns_postgresql(bookings, zone, lower, upper)
    return breakdowns_portable(bookings, zone)
