"""The requester approves or disputes a filed timesheet; unanswered ones are approved after working days."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from bookings.models import ClosureDay, Status, TimesheetStatus
from bookings.timesheet_approval import (
    TimesheetNotPending,
    approval_due,
    auto_approve_timesheets,
    timesheet_approve,
    timesheet_dispute,
    timesheet_dispute_resolve,
    timesheets_auto_approve_due,
)
from bookings.timesheets import timesheet_file
from tests.factories import BookingFactory, InterpreterFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def filed_job(filed_at: datetime):
    interpreter = InterpreterFactory()
    starts_at = filed_at - timedelta(hours=3)
    booking = BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=starts_at)
    timesheet_file(
        booking=booking,
        by=interpreter.user,
        actual_start=starts_at,
        actual_end=starts_at + timedelta(minutes=75),
        travel_km=12,
        now=filed_at,
    )
    return booking


def test_a_filed_timesheet_waits_for_the_requester_five_working_days(settings):
    settings.TOLK_TIMESHEET_APPROVAL_DAYS = 5
    booking = filed_job(datetime(2026, 3, 5, 16, 0, tzinfo=BRUSSELS))  # a Thursday

    timesheet = booking.timesheet
    assert timesheet.status == TimesheetStatus.PENDING
    assert timesheet.approval_due_at == datetime(2026, 3, 12, 16, 0, tzinfo=BRUSSELS)  # the next Thursday


def test_holidays_and_closure_days_do_not_count_towards_the_answer_time(settings):
    settings.TOLK_TIMESHEET_APPROVAL_DAYS = 5
    ClosureDay.objects.create(day=datetime(2026, 12, 28).date(), reason="Tussen kerst en nieuwjaar")

    due = approval_due(datetime(2026, 12, 23, 10, 0, tzinfo=BRUSSELS))  # Wednesday before Christmas

    # 24, 29, 30, 31 December and 4 January count; not Christmas, the closure day, New Year or the weekends
    assert due == datetime(2027, 1, 4, 10, 0, tzinfo=BRUSSELS)


def test_the_requester_approves_once(now):
    booking = filed_job(now - timedelta(hours=1))
    user = requester(booking.organisation)

    timesheet = timesheet_approve(booking=booking, by=user)

    assert (timesheet.status, timesheet.answered_by) == (TimesheetStatus.APPROVED, user)
    with pytest.raises(TimesheetNotPending):
        timesheet_approve(booking=booking, by=user)
    with pytest.raises(TimesheetNotPending):
        timesheet_dispute(booking=booking, by=user, reason="Toch niet")


def test_a_dispute_needs_a_reason_and_keeps_it(now):
    booking = filed_job(now - timedelta(hours=1))
    user = requester(booking.organisation)

    with pytest.raises(ValidationError) as refused:
        timesheet_dispute(booking=booking, by=user, reason="   ")
    assert "reason" in refused.value.message_dict
    booking.timesheet.refresh_from_db()
    assert booking.timesheet.status == TimesheetStatus.PENDING

    timesheet = timesheet_dispute(booking=booking, by=user, reason="De tolk vertrok om 10:30, niet om 11:15.")
    assert timesheet.status == TimesheetStatus.DISPUTED
    assert timesheet.dispute_reason == "De tolk vertrok om 10:30, niet om 11:15."


def test_staff_settle_a_dispute_with_a_resolution(now):
    booking = filed_job(now - timedelta(hours=1))
    timesheet_dispute(booking=booking, by=requester(booking.organisation), reason="Te lang")
    staff = StaffFactory()

    with pytest.raises(ValidationError):
        timesheet_dispute_resolve(booking=booking, by=staff, resolution="")
    timesheet = timesheet_dispute_resolve(booking=booking, by=staff, resolution="Met de tolk besproken: 60 minuten.")

    assert (timesheet.status, timesheet.resolved_by) == (TimesheetStatus.APPROVED, staff)
    with pytest.raises(TimesheetNotPending):
        timesheet_dispute_resolve(booking=booking, by=staff, resolution="Nog eens")


def test_a_pending_timesheet_cannot_be_resolved_by_staff(now):
    booking = filed_job(now - timedelta(hours=1))

    with pytest.raises(TimesheetNotPending):
        timesheet_dispute_resolve(booking=booking, by=StaffFactory(), resolution="Niets te doen")


def test_unanswered_timesheets_are_approved_when_due_and_answered_ones_stay(settings):
    settings.TOLK_TIMESHEET_APPROVAL_DAYS = 5
    filed_at = datetime(2026, 3, 5, 16, 0, tzinfo=BRUSSELS)
    waiting, disputed = filed_job(filed_at), filed_job(filed_at)
    timesheet_dispute(booking=disputed, by=requester(disputed.organisation), reason="Niet gekomen")

    assert timesheets_auto_approve_due(now=datetime(2026, 3, 12, 15, 59, tzinfo=BRUSSELS)) == 0
    assert timesheets_auto_approve_due(now=datetime(2026, 3, 12, 16, 0, tzinfo=BRUSSELS)) == 1
    assert timesheets_auto_approve_due(now=datetime(2026, 3, 13, 9, 0, tzinfo=BRUSSELS)) == 0  # idempotent

    waiting.timesheet.refresh_from_db()
    disputed.timesheet.refresh_from_db()
    assert waiting.timesheet.status == TimesheetStatus.AUTO_APPROVED
    assert disputed.timesheet.status == TimesheetStatus.DISPUTED


def test_the_beat_task_approves_what_is_due(now, settings):
    booking = filed_job(now - timedelta(days=30))

    assert auto_approve_timesheets() == 1
    booking.timesheet.refresh_from_db()
    assert booking.timesheet.status == TimesheetStatus.AUTO_APPROVED
    assert "auto-approve-timesheets" in settings.CELERY_BEAT_SCHEDULE
