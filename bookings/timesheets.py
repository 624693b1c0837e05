"""Filing what actually happened on a job; the booking becomes completed."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Status, Timesheet
from bookings.timesheet_approval import approval_due

MAX_OVERRUN_FACTOR = 3  # a timesheet far longer than planned is a typing error
MAX_START_SHIFT = timedelta(hours=12)  # a job that started half a day off is a wrong date


def validate_timesheet(*, booking: Booking, actual_start: datetime, actual_end: datetime, travel_km: int, now):
    errors = {}
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
    client_no_show: bool = False,
    remarks: str = "",
    now: datetime | None = None,
) -> Timesheet:
    """Record the actual times of a confirmed job and complete it."""
    now = now or timezone.now()
    validate_timesheet(booking=booking, actual_start=actual_start, actual_end=actual_end, travel_km=travel_km, now=now)
    try:
        with transaction.atomic():
            booking_transition(booking=booking, to=Status.COMPLETED, by=by, from_statuses=[Status.CONFIRMED], now=now)
            return Timesheet.objects.create(
                booking=booking,
                actual_start=actual_start,
                actual_end=actual_end,
                travel_km=travel_km,
                client_no_show=client_no_show,
                remarks=remarks,
                filed_by=by,
                filed_at=now,
                approval_due_at=approval_due(now),
            )
    except TransitionError:
        raise ValidationError(_("Alleen een bevestigde opdracht krijgt een prestatieblad.")) from None
