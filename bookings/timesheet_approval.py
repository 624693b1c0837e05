"""The requester signs off a filed timesheet: approve, or dispute with a reason; staff resolve a dispute.

A timesheet nobody answers within TOLK_TIMESHEET_APPROVAL_DAYS working days (bookings/workdays.py) is approved
by beat (`bookings.auto_approve_timesheets`). Only approved and auto-approved jobs go onto a statement
(billing/statements.py). Every step is a conditional update on the status, so two clicks never both win.
"""

from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking, Timesheet, TimesheetStatus
from bookings.workdays import add_working_days

REASON_LIMIT = 2000


class TimesheetNotPending(Exception):
    """The timesheet was already answered (or there is none yet)."""


def approval_due(filed_at: datetime) -> datetime:
    """When an unanswered timesheet filed at `filed_at` is approved: the same local time, working days later."""
    local = timezone.localtime(filed_at)
    day = add_working_days(local.date(), settings.TOLK_TIMESHEET_APPROVAL_DAYS)
    return timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))


def _answer(*, booking: Booking, from_status: str, **fields) -> Timesheet:
    changed = Timesheet.objects.filter(booking=booking, status=from_status).update(**fields)
    if not changed:
        raise TimesheetNotPending(booking.reference)
    return Timesheet.objects.get(booking=booking)


def timesheet_approve(*, booking: Booking, by, now: datetime | None = None) -> Timesheet:
    return _answer(
        booking=booking,
        from_status=TimesheetStatus.PENDING,
        status=TimesheetStatus.APPROVED,
        answered_by=by,
        answered_at=now or timezone.now(),
    )


def timesheet_dispute(*, booking: Booking, by, reason: str, now: datetime | None = None) -> Timesheet:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Zeg wat er niet klopt aan dit prestatieblad.")})
    if len(reason) > REASON_LIMIT:
        raise ValidationError({"reason": _("Hou de reden korter dan %(limit)d tekens.") % {"limit": REASON_LIMIT}})
    return _answer(
        booking=booking,
        from_status=TimesheetStatus.PENDING,
        status=TimesheetStatus.DISPUTED,
        dispute_reason=reason,
        answered_by=by,
        answered_at=now or timezone.now(),
    )


def timesheet_dispute_resolve(*, booking: Booking, by, resolution: str, now: datetime | None = None) -> Timesheet:
    """Staff settle a dispute (a price correction, if any, is a separate correction line in billing): the job
    is approved and goes onto the next statement."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Beschrijf hoe de betwisting werd afgehandeld.")})
    return _answer(
        booking=booking,
        from_status=TimesheetStatus.DISPUTED,
        status=TimesheetStatus.APPROVED,
        resolution=resolution,
        resolved_by=by,
        resolved_at=now or timezone.now(),
    )


def timesheets_auto_approve_due(*, now: datetime | None = None) -> int:
    """Approve every pending timesheet whose answer time has passed; the number approved."""
    now = now or timezone.now()
    return Timesheet.objects.filter(status=TimesheetStatus.PENDING, approval_due_at__lte=now).update(
        status=TimesheetStatus.AUTO_APPROVED, answered_at=now
    )


def timesheets_to_approve(organisations):
    """The requester's pending timesheets, oldest first."""
    return (
        Timesheet.objects.filter(status=TimesheetStatus.PENDING, booking__organisation__in=organisations)
        .select_related("booking__language", "booking__interpreter__user")
        .order_by("filed_at", "pk")
    )


def disputed_timesheets():
    """The disputes staff still have to settle, oldest first."""
    return (
        Timesheet.objects.filter(status=TimesheetStatus.DISPUTED)
        .select_related("booking__organisation", "booking__language", "booking__interpreter__user", "answered_by")
        .order_by("answered_at", "pk")
    )


@shared_task(name="bookings.auto_approve_timesheets")
def auto_approve_timesheets() -> int:
    """Beat, hourly."""
    return timesheets_auto_approve_due()
