"""Counting bookings per status and per dimension: the heavy part of every report.

On PostgreSQL one query does it all: a single scan of the period's bookings grouped by GROUPING SETS
(status alone, and status with each dimension). Elsewhere (SQLite for a laptop) one grouped query per
breakdown gives the same result. Organisations stand in for regions here: grouping by the booking's own
column spares a join over every row, and the few organisations are mapped to their region afterwards.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import ExtractMonth

from bookings.models import Kind, Status

LATE = "late"  # a cancelled booking with late_cancellation: its own group beside `cancelled`
DIMENSIONS = {  # dimension → column of the annotated bookings
    "organisation": "organisation_id",
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


def breakdowns_postgresql(bookings, zone) -> Breakdowns:
    """One scan: GROUPING SETS over the status and each dimension."""
    columns = list(DIMENSIONS.values())
    inner = _annotated(bookings, zone).values("tp_group", *columns, "duration_minutes", "kind")
    inner_sql, params = inner.query.sql_with_params()
    sets = ", ".join(["(tp_group)"] + [f"(tp_group, {column})" for column in columns])
    sql = (
        f"SELECT tp_group, {', '.join(columns)}, GROUPING({', '.join(columns)}), COUNT(*), "
        f"SUM(duration_minutes) FILTER (WHERE kind = %s) FROM ({inner_sql}) AS b GROUP BY GROUPING SETS ({sets})"
    )
    width = len(columns)
    bit_of = {dimension: 1 << (width - 1 - index) for index, dimension in enumerate(DIMENSIONS)}
    everything = (1 << width) - 1
    result = Breakdowns()
    with transaction.atomic(), connection.cursor() as cursor:
        # A year at 10× (244,260 bookings) spilled the sort of the organisation groups to disk with the default
        # 4 MB; 64 MB keeps every grouping set in memory (bench/: EXPLAIN ANALYZE, `make bench`).
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, (Kind.INTERPRETING, *params))  # the FILTER comes before the subquery
        for group, *values, grouping, n, minutes in cursor.fetchall():
            if grouping == everything:
                _add(result, group, n, minutes)
                continue
            for index, dimension in enumerate(DIMENSIONS):
                if grouping == everything & ~bit_of[dimension]:
                    counts = result.groups.setdefault(group, {}).setdefault(dimension, {})
                    counts[_key(dimension, values[index])] = n
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
        LATE: ["organisation"],
        Status.UNFILLED: ["organisation", "language"],
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


def breakdowns(bookings, zone) -> Breakdowns:
    if connection.vendor == "postgresql":
        return breakdowns_postgresql(bookings, zone)
    return breakdowns_portable(bookings, zone)
