"""The annual report beside the grouped SQL queries alone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from bench.measure import Result, ratio, timed, verdict
from reporting.annual import annual_report_rows
from reporting.selectors import middle_lead_hours

YEAR = 2026
LOCAL = ZoneInfo("Europe/Brussels")
WHERE = "b.starts_at >= %(lower)s AND b.starts_at < %(upper)s"
JOIN_REGION = """JOIN organisations_organisation o ON o.id = b.organisation_id
JOIN organisations_municipality m ON m.id = o.municipality_id JOIN organisations_region r ON r.id = m.region_id"""
# the region of the organisations counted, rather than of every booking (as the report does)
PER_REGION = """SELECT r.code, sum(b.n) FROM ({counted}) b {join} GROUP BY 1"""
# a month by comparing the start with the local month starts, rather than converting every start to local time
STARTS = [f"'{YEAR}-{month:02d}-01 Europe/Brussels'::timestamptz" for month in range(2, 13)]
MONTH_STARTS = f"ARRAY[{', '.join(STARTS)}]"
QUERIES = [
    f"SELECT status, count(*) FROM bookings_booking b WHERE {WHERE} GROUP BY status",
    PER_REGION.format(
        counted=f"SELECT organisation_id, count(*) n FROM bookings_booking b WHERE {WHERE} AND status = 'completed' "
        "GROUP BY 1",
        join=JOIN_REGION,
    ),
    f"SELECT language_id, count(*) FROM bookings_booking b WHERE {WHERE} AND status = 'completed' GROUP BY 1",
    f"""SELECT CASE WHEN kind = 'translation' THEN 'translation' ELSE mode END, count(*) FROM bookings_booking b
        WHERE {WHERE} AND status = 'completed' GROUP BY 1""",
    f"""SELECT width_bucket(starts_at, {MONTH_STARTS}) + 1, count(*) FROM bookings_booking b
        WHERE {WHERE} AND status = 'completed' GROUP BY 1""",
    f"SELECT sector, count(*) FROM bookings_booking b WHERE {WHERE} AND status = 'completed' GROUP BY 1",
    f"""SELECT sum(duration_minutes) FROM bookings_booking b
        WHERE {WHERE} AND status = 'completed' AND kind = 'interpreting'""",
    PER_REGION.format(
        counted=f"""SELECT organisation_id, count(*) n FROM bookings_booking b
        WHERE {WHERE} AND status = 'cancelled' AND late_cancellation GROUP BY 1""",
        join=JOIN_REGION,
    ),
]
# the median lead time: the completed bookings counted per hour of lead time, then only the middle hour(s)
# sorted, through the index on that hour (booking_completed_lead_hour), rather than sorting them all
LEAD_HOUR = "floor(date_part('epoch', starts_at - created_at) / 3600)"
LEAD_HOURS = f"""SELECT {LEAD_HOUR}, count(*) FROM bookings_booking b WHERE {WHERE} AND status = 'completed'
    GROUP BY 1 ORDER BY 1"""
MIDDLE_LEADS = f"""SELECT starts_at - created_at FROM bookings_booking b
    WHERE {WHERE} AND status = 'completed' AND {LEAD_HOUR} = ANY(%(hours)s)
    ORDER BY 1 OFFSET %(offset)s LIMIT %(limit)s"""


def _median_lead_time(cursor, params) -> None:
    cursor.execute(LEAD_HOURS, params)
    counted = cursor.fetchall()
    total = sum(n for _, n in counted)
    first, last = (total - 1) // 2, total // 2
    hours, before = middle_lead_hours(counted, total)  # the same arithmetic as the report's
    offset = {"hours": hours, "offset": first - before, "limit": last - first + 1}
    cursor.execute(MIDDLE_LEADS, params | offset)
    cursor.fetchall()


def _sql() -> None:
    params = {
        "lower": datetime(YEAR, 1, 1, tzinfo=LOCAL),
        "upper": datetime(YEAR + 1, 1, 1, tzinfo=LOCAL),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # the settings the report runs its scans with (reporting.breakdowns.scan_settings)
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        for query in QUERIES:
            cursor.execute(query, params)
            cursor.fetchall()
        _median_lead_time(cursor, params)


def run(scale: str, *, repeat: int = 15) -> list[Result]:
    rows = annual_report_rows(YEAR)
    ours = timed(lambda: annual_report_rows(YEAR), repeat=repeat)
    best = timed(_sql, repeat=repeat)
    total = next(r["value"] for r in rows if r["indicator"] == "assignments" and r["dimension"] == "total")
    return [
        Result(
            scale,
            "annual report",
            f"median ms ({total:,} assignments)",
            f"{ours.median_ms:.0f}",
            f"{best.median_ms:.0f}",
            ratio(ours.median_ms, best.median_ms),
            "—",
        ),
        Result(
            scale,
            "annual report",
            "p95 ms",
            f"{ours.p95_ms:.0f}",
            f"{best.p95_ms:.0f}",
            ratio(ours.p95_ms, best.p95_ms),
            "≤ 300 ms, ≤ 2× SQL",
            verdict(ours.p95_ms, 300) if ours.p95_ms <= 2 * best.p95_ms else "misses (ratio)",
        ),
    ]
