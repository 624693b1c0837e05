"""Working days skip weekends, Belgian public holidays and the agency's closure days, in Europe/Brussels."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings import policy
from bookings.models import ClosureDay
from bookings.workdays import add_working_days, count_working_days, is_working_day
from matching.candidates import working_days

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 7, 21), "National Day"),
        (date(2026, 11, 11), "Armistice Day"),
        (date(2026, 12, 25), "Christmas"),
        (date(2027, 3, 29), "Easter Monday 2027"),
    ],
)
def test_belgian_public_holidays_are_not_working_days(holiday, name):
    assert holiday.weekday() < 5, name
    assert not is_working_day(holiday)
    assert is_working_day(holiday - timedelta(days=7))


def test_counting_across_easter_monday_21_july_11_november_and_christmas():
    assert count_working_days(date(2026, 4, 3), date(2026, 4, 7)) == 2  # Fri, (Sat, Sun, Easter Monday), Tue
    assert count_working_days(date(2026, 7, 20), date(2026, 7, 22)) == 2  # Mon, (21 July), Wed
    assert count_working_days(date(2026, 11, 9), date(2026, 11, 13)) == 4  # a week with 11 November
    assert count_working_days(date(2026, 12, 21), date(2027, 1, 1)) == 8  # Christmas and New Year's Day


def test_adding_working_days_jumps_over_holidays_both_ways():
    assert add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 7, 20), 1) == date(2026, 7, 22)
    assert add_working_days(date(2026, 11, 10), 1) == date(2026, 11, 12)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 28), -1) == date(2026, 12, 24)


def test_closure_days_added_by_staff_are_not_working_days():
    ClosureDay.objects.create(day=date(2026, 12, 28), reason="Brugdag")
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert count_working_days(date(2026, 12, 24), date(2026, 12, 29)) == 2


def test_translation_capacity_counts_no_holidays():
    assert working_days(date(2026, 12, 24), date(2026, 12, 28)) == 2  # Thu, (Christmas, weekend), Mon


def test_the_notice_counts_working_days_from_the_local_date_in_brussels(settings):
    settings.TOLK_NOTICE_WORKING_DAYS = 2
    # Friday 3 April 2026, 00:30 in Brussels is still Thursday in UTC: Fri and (after Easter Monday) Tue and Wed
    now = local(2026, 4, 3, 0, 30)
    assert policy.is_urgent(local(2026, 4, 7, 10, 0), now)
    assert not policy.is_urgent(local(2026, 4, 8, 10, 0), now)
    # from Thursday: Friday and Tuesday
    assert not policy.is_urgent(local(2026, 4, 7, 10, 0), local(2026, 4, 2, 12, 0))


def test_an_offer_round_far_from_the_start_lasts_working_days(settings):
    settings.TOLK_ROUND_WORKING_DAYS_FROM_HOURS = 14 * 24
    settings.TOLK_ROUND_ANSWER_WORKING_DAYS = 2
    settings.TOLK_NAME_INTERPRETER_WORKING_DAYS = 5
    now = local(2026, 12, 23, 10, 0)
    expiry = policy.round_expiry(local(2027, 1, 20, 10, 0), now)
    assert expiry == local(2026, 12, 28, 10, 0)  # Thursday 24 and (after Christmas and the weekend) Monday 28
    ClosureDay.objects.create(day=date(2026, 12, 28))
    assert policy.round_expiry(local(2027, 1, 20, 10, 0), now) == local(2026, 12, 29, 10, 0)


def test_the_interpreter_is_named_some_working_days_before_the_start(settings):
    settings.TOLK_ROUND_WORKING_DAYS_FROM_HOURS = 14 * 24
    settings.TOLK_ROUND_ANSWER_WORKING_DAYS = 3
    settings.TOLK_NAME_INTERPRETER_WORKING_DAYS = 7
    now = local(2026, 12, 23, 10, 0)
    # answering would run to Tuesday 29 December, but 7 working days before 7 January is Monday 28 December
    assert policy.round_expiry(local(2027, 1, 7, 10, 0), now) == local(2026, 12, 28, 10, 0)


def test_rounds_nearer_the_start_keep_their_hours(settings):
    settings.TOLK_ROUND_WORKING_DAYS_FROM_HOURS = 14 * 24
    now = local(2026, 12, 23, 10, 0)
    assert policy.round_expiry(local(2027, 1, 2, 10, 0), now) == now + timedelta(hours=24)
