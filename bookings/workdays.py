"""Working days: Monday to Friday, less the Belgian public holidays and the agency's own closure days.

Every rule that counts working days uses this module: the notice asked of requesters (policy.is_urgent),
translation capacity (matching.working_days) and the answer deadline of offer rounds far from the start
(policy.round_expiry). Public holidays are computed with the `holidays` package (Belgium: New Year,
Easter Monday, 1 May, Ascension, Whit Monday, 21 July, 15 August, 1 and 11 November, Christmas); staff add
closure days (e.g. the day after Christmas) in the admin as ClosureDay rows. Days are local dates in
TIME_ZONE (Europe/Brussels).
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from bookings.models import ClosureDay

MAX_STEPS = 3660  # ten years of days: a bound on every loop here, whatever a setting says


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("BE", years=year))


def public_holidays(start: date, end: date) -> set[date]:
    days: set[date] = set()
    for year in range(start.year, end.year + 1):
        days |= {day for day in _public_holidays(year) if start <= day <= end}
    return days


def closure_days(start: date, end: date) -> set[date]:
    return set(ClosureDay.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))


def closed_days(start: date, end: date) -> set[date]:
    """Public holidays and closure days between start and end (both included): one query."""
    if end < start:
        return set()
    return public_holidays(start, end) | closure_days(start, end)


def is_working_day(day: date, closed: set[date] | None = None) -> bool:
    closed = closed_days(day, day) if closed is None else closed
    return day.weekday() < 5 and day not in closed


def count_working_days(start: date, end: date, *, closed: set[date] | None = None, skip=()) -> int:
    """Working days from start up to and including end; `skip` are extra (start, end) ranges left out."""
    if end < start:
        return 0
    closed = closed_days(start, end) if closed is None else closed
    count, day = 0, start
    while day <= end:
        away = any(first <= day <= last for first, last in skip)
        count += is_working_day(day, closed) and not away
        day += timedelta(days=1)
    return count


def add_working_days(day: date, count: int) -> date:
    """The count-th working day after `day` (before it when count is negative); `day` itself never counts."""
    step = timedelta(days=1 if count >= 0 else -1)
    span = timedelta(days=abs(count) * 3 + 30)  # enough closed days for the longest Belgian holiday run
    first, last = (day, day + span) if count >= 0 else (day - span, day)
    closed = closed_days(first, last)
    remaining, steps = abs(count), 0
    while remaining > 0 and steps < MAX_STEPS:
        day += step
        steps += 1
        if not first <= day <= last:
            closed |= closed_days(day, day)
        if is_working_day(day, closed):
            remaining -= 1
    return day


HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "en": "en_US"}  # the `holidays` package's names for our languages


@lru_cache(maxsize=64)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("BE", years=year, language=HOLIDAY_LANGUAGES.get(language, "nl")))


def holiday_names(start: date, end: date, language: str) -> dict[date, str]:
    """The Belgian public holidays between start and end (both included), each with its name in `language`."""
    names: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        names |= {day: name for day, name in _holiday_names(year, language).items() if start <= day <= end}
    return names


def closure_reasons(start: date, end: date) -> dict[date, str]:
    """The agency's closure days between start and end with the reason staff gave (may be empty): one query."""
    return dict(ClosureDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "reason"))
