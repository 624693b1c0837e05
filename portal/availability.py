"""An absence or new weekly hours over jobs already taken: the interpreter sees the clashes before saving, and
on saving withdraws from the jobs it chooses (each matched again as a replacement, portal/services.py
booking_withdraw); open offers it can no longer take are withdrawn."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from bookings.models import Booking, Kind, Offer, Status
from bookings.notes import Note
from interpreters.availability import fits_weekly_ranges
from interpreters.models import Interpreter
from interpreters.services import absence_add, weekly_hours_replace
from matching.offers import offers_withdraw_for_interpreter
from portal.services import booking_withdraw


@dataclass
class Clashes:
    jobs: list[Booking] = field(default_factory=list)  # confirmed jobs that no longer fit
    offers: list[Offer] = field(default_factory=list)  # open offers that no longer fit

    def __bool__(self) -> bool:
        return bool(self.jobs or self.offers)


def _ahead(interpreter: Interpreter, now: datetime):
    jobs = Booking.objects.filter(
        interpreter=interpreter, status=Status.CONFIRMED, kind=Kind.INTERPRETING, starts_at__gt=now
    ).select_related("language", "municipality")
    offers = (
        Offer.objects.open().for_interpreter(interpreter).filter(expires_at__gt=now, booking__kind=Kind.INTERPRETING)
    )
    return jobs.order_by("starts_at"), offers.select_related("booking__language").order_by("booking__starts_at")


def absence_clashes(
    *, interpreter: Interpreter, starts_on: date, ends_on: date, now: datetime | None = None
) -> Clashes:
    """Confirmed jobs and open offers on a day of the absence (local days, as matching counts them)."""
    jobs, offers = _ahead(interpreter, now or timezone.now())
    on_days = {"starts_at__date__lte": ends_on, "ends_at__date__gte": starts_on}
    return Clashes(
        jobs=list(jobs.filter(**on_days)),
        offers=list(offers.filter(**{f"booking__{key}": value for key, value in on_days.items()})),
    )


def weekly_hours_clashes(*, interpreter: Interpreter, ranges: list[tuple], now: datetime | None = None) -> Clashes:
    """Confirmed jobs and open offers ahead that the new weekly hours would leave out."""
    jobs, offers = _ahead(interpreter, now or timezone.now())
    return Clashes(
        jobs=[job for job in jobs if not fits_weekly_ranges(ranges, job.starts_at, job.ends_at)],
        offers=[o for o in offers if not fits_weekly_ranges(ranges, o.booking.starts_at, o.booking.ends_at)],
    )


def _settle(clashes: Clashes, *, by, withdraw_from: set[int], reason: Note, now: datetime) -> list[Booking]:
    offers_withdraw_for_interpreter(offers=clashes.offers, now=now)
    chosen = [job for job in clashes.jobs if job.pk in withdraw_from]
    for job in chosen:
        booking_withdraw(booking=job, by=by, reason=reason, now=now)
    return chosen


def absence_save(
    *,
    interpreter: Interpreter,
    by,
    starts_on: date,
    ends_on: date,
    reason: str = "",
    withdraw_from=(),
    now: datetime | None = None,
) -> list[Booking]:
    """Add the absence, withdraw the open offers in it and the chosen jobs; returns the jobs withdrawn from."""
    now = now or timezone.now()
    with transaction.atomic():
        clashes = absence_clashes(interpreter=interpreter, starts_on=starts_on, ends_on=ends_on, now=now)
        absence_add(interpreter=interpreter, starts_on=starts_on, ends_on=ends_on, reason=reason)
        note = Note("absent", {"first": starts_on, "last": ends_on})
        return _settle(clashes, by=by, withdraw_from=set(withdraw_from), reason=note, now=now)


def weekly_hours_save(
    *, interpreter: Interpreter, by, ranges: list[tuple], withdraw_from=(), now: datetime | None = None
) -> list[Booking]:
    """Replace the weekly hours, withdraw the open offers outside them and the chosen jobs."""
    now = now or timezone.now()
    with transaction.atomic():
        clashes = weekly_hours_clashes(interpreter=interpreter, ranges=ranges, now=now)
        weekly_hours_replace(interpreter=interpreter, ranges=ranges)
        return _settle(clashes, by=by, withdraw_from=set(withdraw_from), reason=Note("new_weekly_hours"), now=now)
