"""The booking rules that are policy, each in one function so that a change of policy is one change."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings

from bookings.workdays import add_working_days, closure_reasons, holiday_names
from interpreters.models import Mode


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def round_expiry(starts_at: datetime, now: datetime) -> datetime:
    """When an offer round made now expires: the closer the start, the shorter the round."""
    starts_at, now = _utc(starts_at), _utc(now)
    hours_away = (starts_at - now).total_seconds() / 3600
    if hours_away >= settings.TOLK_ROUND_WORKING_DAYS_FROM_HOURS:
        return _round_expiry_in_working_days(starts_at, now)
    for at_least_hours, minutes in settings.TOLK_ROUND_EXPIRY:
        if hours_away >= at_least_hours:
            return now + timedelta(minutes=minutes)
    return now + timedelta(minutes=settings.TOLK_ROUND_EXPIRY[-1][1])


def _round_expiry_in_working_days(starts_at: datetime, now: datetime) -> datetime:
    """Far from the start: answer within TOLK_ROUND_ANSWER_WORKING_DAYS working days (same local time), but
    never later than TOLK_NAME_INTERPRETER_WORKING_DAYS working days before the start, so that the requester
    knows who is coming in time. Never shorter than the first step of TOLK_ROUND_EXPIRY."""
    from django.utils import timezone

    local_now, local_start = timezone.localtime(now), timezone.localtime(starts_at)
    answer_day = add_working_days(local_now.date(), settings.TOLK_ROUND_ANSWER_WORKING_DAYS)
    answer_by = timezone.make_aware(datetime.combine(answer_day, local_now.time().replace(tzinfo=None)))
    name_day = add_working_days(local_start.date(), -settings.TOLK_NAME_INTERPRETER_WORKING_DAYS)
    name_by = timezone.make_aware(datetime.combine(name_day, local_start.time().replace(tzinfo=None)))
    shortest = now + timedelta(minutes=settings.TOLK_ROUND_EXPIRY[0][1])
    return _utc(max(shortest, min(answer_by, name_by)))


def unfilled_cutoff(starts_at: datetime, mode: str) -> datetime:
    """After this moment an open request stops looking for interpreters and goes to staff."""
    minutes = settings.TOLK_UNFILLED_ON_SITE_MINUTES if mode == Mode.ON_SITE else settings.TOLK_UNFILLED_REMOTE_MINUTES
    return _utc(starts_at) - timedelta(minutes=minutes)


def at_risk_from(starts_at: datetime) -> datetime:
    """Staff are alerted when a booking is still not confirmed by this moment."""
    return _utc(starts_at) - timedelta(hours=settings.TOLK_AT_RISK_HOURS)


def buffer_minutes(mode: str, distance_km: float | None) -> int:
    """Time kept free before and after a job: travel for on-site jobs, a short gap for remote ones."""
    if mode == Mode.ON_SITE:
        travel = (distance_km or 0) / settings.TOLK_TRAVEL_SPEED_KMH * 60
        return settings.TOLK_TRAVEL_BUFFER_MINUTES + int(round(travel))
    return settings.TOLK_REMOTE_BUFFER_MINUTES


def is_urgent(starts_at: datetime, now: datetime) -> bool:
    """Requested with less notice than the usual working days (weekends, holidays and closure days skipped)."""
    from django.utils import timezone

    return timezone.localdate(starts_at) < add_working_days(timezone.localdate(now), settings.TOLK_NOTICE_WORKING_DAYS)


def immediate_give_up_at(requested_at: datetime) -> datetime:
    """An immediate job nobody accepted by this moment becomes unfilled."""
    return _utc(requested_at) + timedelta(seconds=settings.TOLK_IMMEDIATE_GIVE_UP_SECONDS)


def immediate_wave_expiry(now: datetime, requested_at: datetime) -> datetime:
    """A wave of an immediate job is open this long: seconds, not minutes, and never past the give-up."""
    return min(_utc(now) + timedelta(seconds=settings.TOLK_IMMEDIATE_WAVE_SECONDS), immediate_give_up_at(requested_at))


@dataclass(frozen=True)
class SeriesDate:
    """One date of a series and why it may need a second look (empty: nothing to say)."""

    starts_at: datetime
    holiday: str = ""  # the public holiday's name in the reader's language
    closure: str | None = None  # a closure day of the agency: its reason ("" when none was given)
    short_notice: bool = False  # less notice than TOLK_NOTICE_WORKING_DAYS working days

    @property
    def day(self) -> date:
        from django.utils import timezone

        return timezone.localdate(self.starts_at)

    @property
    def flagged(self) -> bool:
        return bool(self.holiday) or self.closure is not None or self.short_notice


def series_dates_check(starts: list[datetime], *, now: datetime, language: str) -> list[SeriesDate]:
    """Each start of a series with the Belgian holiday, closure day or short notice it falls on: two queries
    (closure days, and the closed days of the notice rule) however long the series."""
    from django.utils import timezone

    if not starts:
        return []
    days = [timezone.localdate(start) for start in starts]
    first, last = min(days), max(days)
    names = holiday_names(first, last, language)
    closures = closure_reasons(first, last)
    notice_until = add_working_days(timezone.localdate(now), settings.TOLK_NOTICE_WORKING_DAYS)
    return [
        SeriesDate(
            starts_at=start,
            holiday=names.get(day, ""),
            closure=closures.get(day),
            short_notice=day < notice_until,
        )
        for start, day in zip(starts, days, strict=True)
    ]
