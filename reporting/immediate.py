"""“Nu een tolk” counted apart: per language and month, how many immediate requests, how many connected and
how many stayed unmet, and the time to connect (request to accept), median and 90th percentile, in seconds."""

from dataclasses import dataclass, field
from math import ceil
from statistics import median

from django.db.models import Min, Q
from django.utils import timezone

from bookings.models import Status

UNMET = [Status.UNFILLED]
CONNECTED = [Status.CONFIRMED, Status.COMPLETED]


@dataclass
class ImmediateRow:
    language: str  # ISO 639-3 code
    month: str  # "YYYY-MM", local time
    requests: int = 0
    connected: int = 0
    unmet: int = 0
    seconds: list[float] = field(default_factory=list)
    language_name: str = ""  # filled in for the page

    @property
    def median_seconds(self) -> float | None:
        return round(median(self.seconds), 1) if self.seconds else None

    @property
    def p90_seconds(self) -> float | None:
        """Nearest rank: the smallest time that 90% of the connected requests did not exceed."""
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        return round(ordered[ceil(0.9 * len(ordered)) - 1], 1)


def immediate_rows(bookings) -> list[ImmediateRow]:
    """From a period's bookings (reporting/selectors.py bookings_in_period), in one query."""
    first_confirmed = Min("history__at", filter=Q(history__to_status=Status.CONFIRMED))
    found = (
        bookings.filter(immediate=True)
        .annotate(connected_at=first_confirmed)
        .values_list("language_id", "created_at", "status", "connected_at")
        .order_by()
    )
    rows: dict[tuple[str, str], ImmediateRow] = {}
    for language, created_at, status, connected_at in found:
        month = f"{timezone.localtime(created_at):%Y-%m}"
        row = rows.setdefault((language, month), ImmediateRow(language=language, month=month))
        row.requests += 1
        if status in UNMET:
            row.unmet += 1
        if connected_at is not None and status in CONNECTED:
            row.connected += 1
            row.seconds.append((connected_at - created_at).total_seconds())
    return [rows[key] for key in sorted(rows, key=lambda key: (key[1], key[0]))]


def immediate_report_rows(rows: list[ImmediateRow]) -> list[dict]:
    """As rows of the exports and the API (indicator, dimension `language_month`, key `ara/2026-12`, value)."""
    result = []
    for row in rows:
        key = f"{row.language}/{row.month}"
        figures = {
            "immediate_requests": row.requests,
            "immediate_connected": row.connected,
            "immediate_unmet": row.unmet,
            "immediate_connect_median_seconds": row.median_seconds,
            "immediate_connect_p90_seconds": row.p90_seconds,
        }
        result += [
            {"indicator": name, "dimension": "language_month", "key": key, "value": value}
            for name, value in figures.items()
            if value is not None
        ]
    return result
