"""Figures computed from the bookings for any period: a handful of grouped queries, never one per row.

A booking counts in the period of its start, in local time (Europe/Brussels): 31 December 23:30 local
time belongs to that year, 1 January 00:30 to the next. An assignment is a completed booking; a
translation counts as mode `translation`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import DurationField, ExpressionWrapper, F

from bookings.models import Booking, Kind, Status
from bookings.models.booking import lead_hour
from reporting.breakdowns import LATE, TRANSLATION, breakdowns, scan_settings

REGION = "organisation__municipality__region__code"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local midnight of `start` (inclusive) and of `end` (exclusive) as aware datetimes."""
    zone = local_zone()
    return datetime.combine(start, time.min, tzinfo=zone), datetime.combine(end, time.min, tzinfo=zone)


YEARS = range(1900, 3000)  # what a report can be asked for; other years simply have no data


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


@dataclass(frozen=True)
class Filters:
    """What the statistics page narrows the bookings to; empty means everything."""

    region: str = ""
    language: str = ""
    mode: str = ""  # on_site, phone, video or translation
    organisation_kind: str = ""


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


def _middle(count: int) -> slice:
    """The positions (from 0, in lead-time order) of the middle booking, or of the two middle ones."""
    middle = count // 2
    return slice(middle - 1, middle + 1) if count % 2 == 0 else slice(middle, middle + 1)


def _hours(leads) -> float:
    seconds = sum(item.total_seconds() for item in leads) / len(leads)
    return round(seconds / 3600, 1)


def _lead_times(bookings):
    lead = ExpressionWrapper(F("starts_at") - F("created_at"), output_field=DurationField())
    return bookings.order_by().annotate(lead=lead).order_by("lead").values_list("lead", flat=True)


def middle_lead_hours(lead_hours: list[tuple[float, int]], count: int) -> tuple[list[float], int]:
    """The lead-time hours holding the middle of `count` bookings counted per hour (ascending), and how many
    bookings come before the first of them."""
    window = _middle(count)
    holding, skipped, before = [], 0, 0
    for hour, n in lead_hours:
        if before + n > window.start and before < window.stop:
            if not holding:
                skipped = before
            holding.append(hour)
        before += n
    return holding, skipped


def median_lead_time_hours(bookings, count: int, lead_hours: list[tuple[float, int]] | None = None) -> float | None:
    """Median time between request and start of the `count` `bookings`, in hours (one query: the middle rows).

    With `lead_hours`, the bookings counted per whole hour of lead time, the query sorts only the bookings of
    the hour or two holding the middle (read from the index `booking_completed_lead_hour`), not all of them.
    """
    if not count:
        return None
    window = _middle(count)
    if lead_hours is not None:
        hours, before = middle_lead_hours(lead_hours, count)
        in_hours = _lead_times(bookings.alias(lead_hour=lead_hour()).filter(lead_hour__in=hours))
        leads = list(in_hours[window.start - before : window.stop - before])
        if len(leads) == window.stop - window.start:
            return _hours(leads)
        # bookings changed since they were counted (another transaction): sort them all, as without the hours
    return _hours(list(_lead_times(bookings)[window]))


def booking_figures(*, start: date, end: date, filters: Filters | None = None) -> BookingFigures:
    """Everything the reports show from the bookings between local dates `start` and `end` (exclusive).

    Two queries on PostgreSQL whatever the number of bookings: the breakdowns and the median lead time.
    """
    bookings = bookings_in_period(start, end, filters)
    with scan_settings():
        figures = _booking_figures(bookings, *period_bounds(start, end))
    return figures


def _booking_figures(bookings, lower: datetime, upper: datetime) -> BookingFigures:
    counted = breakdowns(bookings, local_zone(), lower, upper)
    by_status = counted.by_status
    figures = BookingFigures(by_status=by_status)
    if not by_status:
        return figures
    completed = Status.COMPLETED
    figures.assignments = by_status.get(completed, 0)
    figures.hours_interpreted = round(counted.minutes / 60, 1)
    figures.by_language = counted.of(completed, "language")
    figures.by_mode = counted.of(completed, "mode")
    figures.by_month = dict(sorted(counted.of(completed, "month").items()))
    figures.by_sector = counted.of(completed, "sector")
    figures.median_lead_time_hours = median_lead_time_hours(
        bookings.filter(status=completed), figures.assignments, counted.lead_hours
    )
    figures.late_cancellations = counted.late
    figures.unfilled = by_status.get(Status.UNFILLED, 0)
    figures.unfilled_by_language = counted.of(Status.UNFILLED, "language")
    figures.by_region = counted.of(completed, "region")
    figures.late_cancellations_by_region = counted.of(LATE, "region")
    figures.unfilled_by_region = counted.of(Status.UNFILLED, "region")
    filled = figures.assignments + by_status.get(Status.CONFIRMED, 0)
    if filled + figures.unfilled:
        figures.fill_rate = round(100 * filled / (filled + figures.unfilled), 1)
    return figures


def assignments_count(*, start: date, end: date) -> int:
    """Completed bookings in the period: the comparison with the previous year (one query)."""
    return bookings_in_period(start, end).filter(status=Status.COMPLETED).count()


__all__ = [
    "BookingFigures",
    "Filters",
    "TRANSLATION",
    "assignments_count",
    "booking_figures",
    "bookings_in_period",
    "period_bounds",
    "YEARS",
    "year_period",
]
