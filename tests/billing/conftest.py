from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from billing.models import InterpreterTariff, RequesterTariff
from bookings.models import Kind, Status, Timesheet, TimesheetStatus
from tests.factories import BookingFactory, InterpreterFactory, TranslationFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
MODES = ["on_site", "phone", "video"]


def brussels(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.fixture
def clean_tariffs(db):
    """No seeded tariffs: each test sets up exactly the periods it talks about."""
    RequesterTariff.objects.all().delete()
    InterpreterTariff.objects.all().delete()


def requester_tariff(*, kind=Kind.INTERPRETING, mode="on_site", valid_from=date(2018, 1, 1), valid_until=None, **kw):
    defaults = {
        "hourly_rate": Decimal("56.00"),
        "minimum_minutes": 60,
        "increment_minutes": 15,
        "km_rate": Decimal("0.33"),
        "max_km": 150,
        "late_cancellation_charge": Decimal("56.00"),
    }
    if kind == Kind.TRANSLATION:
        mode = ""
        defaults = {"word_rate": Decimal("0.16"), "translation_minimum": Decimal("32.00")}
    return RequesterTariff.objects.create(
        kind=kind, mode=mode, valid_from=valid_from, valid_until=valid_until, **{**defaults, **kw}
    )


def interpreter_tariff(*, kind=Kind.INTERPRETING, mode="on_site", valid_from=date(2017, 1, 1), **kw):
    defaults = {
        "hourly_fee": Decimal("40.00"),
        "km_allowance": Decimal("0.33"),
        "max_km": 150,
        "word_fee": Decimal("0.11"),
        "late_cancellation_fee": Decimal("40.00"),
    }
    return InterpreterTariff.objects.create(
        kind=kind, mode="" if kind == Kind.TRANSLATION else mode, valid_from=valid_from, **{**defaults, **kw}
    )


def completed_job(
    *,
    starts_at,
    booked=60,
    actual=None,
    travel_km=0,
    organisation=None,
    interpreter=None,
    timesheet_status=TimesheetStatus.APPROVED,
    **kw,
):
    """A completed interpreting job with a timesheet (actual minutes, approved by the requester unless told
    otherwise) when `actual` is given."""
    fields = {"organisation": organisation} if organisation else {}
    booking = BookingFactory(
        status=Status.COMPLETED,
        starts_at=starts_at,
        duration_minutes=booked,
        ends_at=starts_at + timedelta(minutes=booked),
        interpreter=interpreter or InterpreterFactory(),
        **fields,
        **kw,
    )
    if actual is not None:
        Timesheet.objects.create(
            booking=booking,
            actual_start=starts_at,
            actual_end=starts_at + timedelta(minutes=actual),
            travel_km=travel_km,
            status=timesheet_status,
            dispute_reason="Te lang" if timesheet_status == TimesheetStatus.DISPUTED else "",
        )
    return booking


def completed_translation(*, starts_at, words=800, certified=False, organisation=None, **kw):
    fields = {"organisation": organisation} if organisation else {}
    return TranslationFactory(
        status=Status.COMPLETED, starts_at=starts_at, word_count=words, certified=certified, **fields, **kw
    )
