"""Figures computed from the bookings for any period: a handful of grouped queries, never one per row.

A booking counts in the period of its start, in local time (Europe/Brussels): 31 December 23:30 local
time belongs to that year, 1 January 00:30 to the next. An assignment is a completed booking; a
translation counts as mode `translation`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, CharField, Count, DurationField, ExpressionWrapper, F, Sum, Value, When
from django.db.models.functions import ExtractMonth

from bookings.models import Booking, Kind, Status

TRANSLATION = "translation"
REGION = "organisation__municipality__region__code"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnight of `start` (inclusive) and of `end` (exclusive) as aware datetimes."""
    zone = local_zone()
    return datetime.combine(start, time.min, tzinfo=zone), datetime.combine(end, time.min, tzinfo=zone)


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


@dataclass(frozen=True)
class Filters:
    """What the statistics page narrows the bookings to; empty means everything."""

    region: str = ""
    language: str = ""
    mode: str = ""  # on_site, phone, video or translation
    organisation_kind: str = ""


def mode_expression():
    return Case(When(kind=Kind.TRANSLATION, then=Value(TRANSLATION)), default=F("mode"), output_field=CharField())


def bookings_in_period(start: date, end: date, filters: Filters | None = None):
    lower, upper = period_bounds(start, end)
    bookings = Booking.objects.filter(starts_at__gte=lower, starts_at__lt=upper)
    filters = filters or Filters()
    if filters.region:
        bookings = bookings.filter(**{REGION: filters.region})
    if filters.language:
        bookings = bookings.filter(language_id=filters.language)
    if filters.mode == TRANSLATION:
        bookings = bookings.filter(kind=Kind.TRANSLATION)
    elif filters.mode:
        bookings = bookings.filter(kind=Kind.INTERPRETING, mode=filters.mode)
    if filters.organisation_kind:
        bookings = bookings.filter(organisation__kind=filters.organisation_kind)
    return bookings


def _counts(queryset, key) -> dict[str, int]:
    """One grouped query: {key: count}, largest first."""
    rows = queryset.order_by().values(key).annotate(n=Count("id")).values_list(key, "n")
    return dict(sorted(rows, key=lambda row: (-row[1], str(row[0]))))


@dataclass
class BookingFigures:
    assignments: int = 0
    by_region: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_mode: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)  # "01".."12" (months of the period's years merged)
    by_sector: dict[str, int] = field(default_factory=dict)
    late_cancellations: int = 0
    late_cancellations_by_region: dict[str, int] = field(default_factory=dict)
    unfilled: int = 0
    unfilled_by_language: dict[str, int] = field(default_factory=dict)
    unfilled_by_region: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    fill_rate: float | None = None  # percent of decided requests that got an interpreter
    median_lead_time_hours: float | None = None
    hours_interpreted: float = 0.0

    @property
    def is_empty(self) -> bool:
        return not self.by_status


def median_lead_time_hours(bookings) -> float | None:
    """Median time between request and start of `bookings`, in hours (two queries: count, middle rows)."""
    count = bookings.count()
    if not count:
        return None
    lead = ExpressionWrapper(F("starts_at") - F("created_at"), output_field=DurationField())
    middle = count // 2
    window = slice(middle - 1, middle + 1) if count % 2 == 0 else slice(middle, middle + 1)
    leads = list(bookings.order_by().annotate(lead=lead).order_by("lead").values_list("lead", flat=True)[window])
    seconds = sum(item.total_seconds() for item in leads) / len(leads)
    return round(seconds / 3600, 1)


def booking_figures(*, start: date, end: date, filters: Filters | None = None) -> BookingFigures:
    """Everything the reports show from the bookings between local dates `start` and `end` (exclusive)."""
    bookings = bookings_in_period(start, end, filters)
    by_status = _counts(bookings, "status")
    figures = BookingFigures(by_status=by_status)
    if not by_status:
        return figures
    completed = bookings.filter(status=Status.COMPLETED)
    figures.assignments = by_status.get(Status.COMPLETED, 0)
    if figures.assignments:
        figures.by_region = _counts(completed, REGION)
        figures.by_language = _counts(completed, "language_id")
        figures.by_mode = _counts(completed.annotate(tp_mode=mode_expression()), "tp_mode")
        figures.by_month = {
            f"{month:02d}": n
            for month, n in sorted(
                _counts(completed.annotate(month=ExtractMonth("starts_at", tzinfo=local_zone())), "month").items()
            )
        }
        figures.by_sector = _counts(completed, "sector")
        minutes = completed.filter(kind=Kind.INTERPRETING).aggregate(total=Sum("duration_minutes"))["total"]
        figures.hours_interpreted = round((minutes or 0) / 60, 1)
        figures.median_lead_time_hours = median_lead_time_hours(completed)
    late = bookings.filter(status=Status.CANCELLED, late_cancellation=True)
    figures.late_cancellations_by_region = _counts(late, REGION)
    figures.late_cancellations = sum(figures.late_cancellations_by_region.values())
    figures.unfilled = by_status.get(Status.UNFILLED, 0)
    if figures.unfilled:
        unfilled = bookings.filter(status=Status.UNFILLED)
        figures.unfilled_by_language = _counts(unfilled, "language_id")
        figures.unfilled_by_region = _counts(unfilled, REGION)
    filled = figures.assignments + by_status.get(Status.CONFIRMED, 0)
    if filled + figures.unfilled:
        figures.fill_rate = round(100 * filled / (filled + figures.unfilled), 1)
    return figures


def assignments_by_region(*, start: date, end: date) -> dict[str, int]:
    """Completed bookings per region code: the comparison with the previous year (one query)."""
    return _counts(bookings_in_period(start, end).filter(status=Status.COMPLETED), REGION)


__all__ = [
    "BookingFigures",
    "Filters",
    "TRANSLATION",
    "assignments_by_region",
    "booking_figures",
    "bookings_in_period",
    "period_bounds",
    "year_period",
]
