"""Whether an interpreter works at a given time: weekly hours (local time) and dated absences."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from interpreters.models import Interpreter


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def within_weekly_hours(*, interpreter: Interpreter, starts_at: datetime, ends_at: datetime) -> bool:
    """No weekly rows means always available; otherwise the job must fit inside one range of its weekday.

    Times are compared in the local time zone (Europe/Brussels), so 08:00–18:00 means that on the wall clock
    in winter and in summer alike. A job that runs past midnight fits only a range that ends at 23:59 or later.
    """
    ranges = list(interpreter.weekly_hours.all())  # uses a prefetch when the caller made one
    return fits_weekly_ranges([(r.weekday, r.start_time, r.end_time) for r in ranges], starts_at, ends_at)


def fits_weekly_ranges(ranges: list[tuple], starts_at: datetime, ends_at: datetime) -> bool:
    """within_weekly_hours on (weekday, start, end) tuples: weekly hours not saved yet, say."""
    if not ranges:
        return True
    start, end = _local(starts_at), _local(ends_at)
    if end.date() > start.date():
        if end.date() > start.date() + timedelta(days=1) or end.time() != time(0):
            return False
        end_time = time(23, 59, 59)
    else:
        end_time = end.time()
    return any(day == start.weekday() and begin <= start.time() and end_time <= until for day, begin, until in ranges)


def is_absent(*, interpreter: Interpreter, starts_at: datetime, ends_at: datetime) -> bool:
    first_day, last_day = _local(starts_at).date(), _local(ends_at).date()
    return any(a.starts_on <= last_day and a.ends_on >= first_day for a in interpreter.absences.all())


def interpreter_is_available(*, interpreter: Interpreter, starts_at: datetime, ends_at: datetime | None) -> bool:
    """True when the whole of [starts_at, ends_at) lies in the weekly hours and on no day of an absence.

    Pass `ends_at=None` (a translation deadline) to check the moment `starts_at` only. For many interpreters
    at once, prefetch `weekly_hours` and `absences` to keep this free of queries.
    """
    ends_at = ends_at or starts_at
    if ends_at < starts_at:
        raise ValueError("ends_at before starts_at")
    if is_absent(interpreter=interpreter, starts_at=starts_at, ends_at=ends_at):
        return False
    return within_weekly_hours(interpreter=interpreter, starts_at=starts_at, ends_at=ends_at)
