"""Checking in and out on the day, and filing what actually happened on a job; the booking becomes completed."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Status, Timesheet
from bookings.timesheet_approval import approval_due

MAX_OVERRUN_FACTOR = 3  # a timesheet far longer than planned is a typing error
MAX_START_SHIFT = timedelta(hours=12)  # a job that started half a day off is a wrong date
MAX_WAITING_MINUTES = 8 * 60
MAX_PARKING_COST = Decimal("200")


class CheckRefused(Exception):
    """Checking in or out is not possible now; the message says why."""


def _check_allowed(booking: Booking, now: datetime) -> None:
    if booking.status != Status.CONFIRMED:
        raise CheckRefused(_("Alleen voor een bevestigde opdracht."))
    if not booking.is_on_the_day(now):
        raise CheckRefused(_("Aan- en afmelden kan alleen op de dag van de opdracht."))


def booking_check_in(*, booking: Booking, now: datetime | None = None) -> Booking:
    """The interpreter is there (or on the line): the moment prefills the timesheet's start. Once only."""
    now = now or timezone.now()
    _check_allowed(booking, now)
    if not Booking.objects.filter(pk=booking.pk, status=Status.CONFIRMED, checked_in_at=None).update(
        checked_in_at=now, updated_at=now
    ):
        raise CheckRefused(_("Je bent al aangemeld."))
    booking.refresh_from_db()
    return booking


def booking_check_out(*, booking: Booking, now: datetime | None = None) -> Booking:
    """The job is over: the moment prefills the timesheet's end. Only after checking in, once."""
    now = now or timezone.now()
    _check_allowed(booking, now)
    done = Booking.objects.filter(
        pk=booking.pk, status=Status.CONFIRMED, checked_in_at__lt=now, checked_out_at=None
    ).update(checked_out_at=now, updated_at=now)
    if not done:
        raise CheckRefused(_("Meld je eerst aan; afmelden kan één keer."))
    booking.refresh_from_db()
    return booking


def validate_timesheet(
    *,
    booking: Booking,
    actual_start: datetime,
    actual_end: datetime,
    travel_km: int,
    now,
    waiting_minutes: int = 0,
    parking_cost: Decimal = Decimal(0),
):
    errors = {}
    if waiting_minutes is None or not 0 <= waiting_minutes <= MAX_WAITING_MINUTES:
        errors["waiting_minutes"] = _("Geef een wachttijd tussen 0 en %(max)d minuten.") % {"max": MAX_WAITING_MINUTES}
    if parking_cost is None or not 0 <= parking_cost <= MAX_PARKING_COST:
        errors["parking_cost"] = _("Geef parkeerkosten tussen 0 en %(max)d euro.") % {"max": MAX_PARKING_COST}
    if actual_end <= actual_start:
        errors["actual_end"] = _("Het einde ligt voor het begin.")
    elif actual_end > now:
        errors["actual_end"] = _("Het einde ligt in de toekomst.")
    elif booking.duration_minutes and (actual_end - actual_start) > timedelta(
        minutes=booking.duration_minutes * MAX_OVERRUN_FACTOR
    ):
        errors["actual_end"] = _("Dat is veel langer dan gepland (%(minutes)d minuten): klopt het einde?") % {
            "minutes": booking.duration_minutes
        }
    if abs(actual_start - booking.starts_at) > MAX_START_SHIFT:
        errors["actual_start"] = _("Het begin ligt ver van het geplande begin (%(start)s): klopt de datum?") % {
            "start": timezone.localtime(booking.starts_at).strftime("%d/%m/%Y %H:%M")
        }
    if travel_km is None or travel_km < 0 or travel_km > 1000:
        errors["travel_km"] = _("Geef een reisafstand tussen 0 en 1000 km.")
    if errors:
        raise ValidationError(errors)


def timesheet_file(
    *,
    booking: Booking,
    by,
    actual_start: datetime,
    actual_end: datetime,
    travel_km: int = 0,
    waiting_minutes: int = 0,
    parking_cost: Decimal = Decimal(0),
    client_no_show: bool = False,
    remarks: str = "",
    now: datetime | None = None,
) -> Timesheet:
    """Record the actual times of a confirmed job (with waiting time and parking costs) and complete it."""
    now = now or timezone.now()
    validate_timesheet(
        booking=booking,
        actual_start=actual_start,
        actual_end=actual_end,
        travel_km=travel_km,
        waiting_minutes=waiting_minutes,
        parking_cost=parking_cost,
        now=now,
    )
    try:
        with transaction.atomic():
            booking_transition(booking=booking, to=Status.COMPLETED, by=by, from_statuses=[Status.CONFIRMED], now=now)
            return Timesheet.objects.create(
                booking=booking,
                actual_start=actual_start,
                actual_end=actual_end,
                travel_km=travel_km,
                waiting_minutes=waiting_minutes,
                parking_cost=parking_cost,
                client_no_show=client_no_show,
                remarks=remarks,
                filed_by=by,
                filed_at=now,
                approval_due_at=approval_due(now),
            )
    except TransitionError:
        raise ValidationError(_("Alleen een bevestigde opdracht krijgt een prestatieblad.")) from None
