from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from interpreters.availability import interpreter_is_available
from interpreters.models import Absence, WeeklyAvailability
from interpreters.services import weekly_hours_replace

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=BRUSSELS)


def office_hours(interpreter):
    weekly_hours_replace(interpreter=interpreter, ranges=[(day, time(8), time(18)) for day in range(5)])


def test_no_weekly_hours_means_always_available(interpreter):
    assert interpreter_is_available(interpreter=interpreter, starts_at=at(2026, 12, 6, 3), ends_at=at(2026, 12, 6, 4))


def test_a_job_inside_weekly_hours_is_available(interpreter):
    office_hours(interpreter)
    # Monday 7 December 2026, 09:00–10:00
    assert interpreter_is_available(interpreter=interpreter, starts_at=at(2026, 12, 7, 9), ends_at=at(2026, 12, 7, 10))
    assert interpreter_is_available(interpreter=interpreter, starts_at=at(2026, 12, 7, 8), ends_at=at(2026, 12, 7, 18))


def test_a_job_outside_or_partly_outside_weekly_hours_is_not(interpreter):
    office_hours(interpreter)
    monday_evening = (at(2026, 12, 7, 17, 30), at(2026, 12, 7, 18, 30))
    saturday = (at(2026, 12, 12, 10), at(2026, 12, 12, 11))
    for starts_at, ends_at in [monday_evening, saturday]:
        assert not interpreter_is_available(interpreter=interpreter, starts_at=starts_at, ends_at=ends_at)


def test_weekly_hours_are_wall_clock_time_in_summer_and_winter(interpreter):
    office_hours(interpreter)
    utc = ZoneInfo("UTC")
    # 08:00 local is 06:00 UTC in summer and 07:00 UTC in winter.
    summer = datetime(2026, 7, 6, 6, 0, tzinfo=utc)
    winter = datetime(2026, 12, 7, 7, 0, tzinfo=utc)
    assert interpreter_is_available(interpreter=interpreter, starts_at=summer, ends_at=summer.replace(hour=7))
    assert interpreter_is_available(interpreter=interpreter, starts_at=winter, ends_at=winter.replace(hour=8))
    too_early_in_winter = datetime(2026, 12, 7, 6, 30, tzinfo=utc)
    assert not interpreter_is_available(
        interpreter=interpreter, starts_at=too_early_in_winter, ends_at=too_early_in_winter.replace(hour=7)
    )


def test_an_absence_makes_every_day_it_covers_unavailable(interpreter):
    Absence.objects.create(interpreter=interpreter, starts_on=date(2026, 12, 7), ends_on=date(2026, 12, 9))

    assert not interpreter_is_available(
        interpreter=interpreter, starts_at=at(2026, 12, 9, 9), ends_at=at(2026, 12, 9, 10)
    )
    assert not interpreter_is_available(
        interpreter=interpreter, starts_at=at(2026, 12, 7, 0), ends_at=at(2026, 12, 7, 1)
    )
    assert interpreter_is_available(
        interpreter=interpreter, starts_at=at(2026, 12, 10, 9), ends_at=at(2026, 12, 10, 10)
    )


def test_two_ranges_on_one_day_that_overlap_are_refused(interpreter):
    with pytest.raises(ValidationError):
        weekly_hours_replace(interpreter=interpreter, ranges=[(0, time(8), time(12)), (0, time(11), time(14))])
    assert not WeeklyAvailability.objects.filter(interpreter=interpreter).exists()


def test_touching_ranges_and_ranges_on_different_days_are_fine(interpreter):
    weekly_hours_replace(
        interpreter=interpreter, ranges=[(0, time(8), time(12)), (0, time(12), time(14)), (1, time(9), time(13))]
    )
    assert interpreter.weekly_hours.count() == 3


def hours_post(rows):
    data = {"hours-TOTAL_FORMS": str(len(rows)), "hours-INITIAL_FORMS": "0"}
    for i, (day, start, end) in enumerate(rows):
        data.update({f"hours-{i}-weekday": day, f"hours-{i}-start_time": start, f"hours-{i}-end_time": end})
    return data


def test_availability_page_saves_weekly_hours(interpreter_client, interpreter):
    response = interpreter_client.post(
        reverse("interpreter_availability"), hours_post([(0, "08:00", "18:00"), (4, "08:00", "12:00")])
    )

    assert response.status_code == 302
    assert list(interpreter.weekly_hours.values_list("weekday", "start_time", "end_time")) == [
        (0, time(8), time(18)),
        (4, time(8), time(12)),
    ]


def test_availability_page_refuses_overlap_with_a_message_and_saves_nothing(interpreter_client, interpreter):
    office_hours(interpreter)
    response = interpreter_client.post(
        reverse("interpreter_availability"), hours_post([(2, "08:00", "12:00"), (2, "10:00", "14:00")])
    )

    assert response.status_code == 200
    assert "overlappen" in response.content.decode()
    assert interpreter.weekly_hours.count() == 5


def test_interpreter_adds_and_removes_an_absence(interpreter_client, interpreter):
    response = interpreter_client.post(
        reverse("interpreter_absence_create"),
        {"absence-starts_on": "2026-12-24", "absence-ends_on": "2026-12-31", "absence-reason": "Vakantie"},
    )
    assert response.status_code == 302
    absence = interpreter.absences.get()
    assert (absence.starts_on, absence.ends_on) == (date(2026, 12, 24), date(2026, 12, 31))

    interpreter_client.post(reverse("interpreters:absence_delete", args=[absence.pk]))
    assert not interpreter.absences.exists()


def test_an_absence_ending_before_it_starts_is_refused(interpreter_client, interpreter):
    response = interpreter_client.post(
        reverse("interpreter_absence_create"), {"absence-starts_on": "2026-12-24", "absence-ends_on": "2026-12-20"}
    )
    assert response.status_code == 200
    assert not interpreter.absences.exists()


def test_another_interpreters_absence_cannot_be_removed(client, interpreter):
    from tests.factories import InterpreterFactory

    absence = Absence.objects.create(interpreter=interpreter, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 2))
    client.force_login(InterpreterFactory().user)

    assert client.post(reverse("interpreters:absence_delete", args=[absence.pk])).status_code == 404
    assert Absence.objects.filter(pk=absence.pk).exists()


def test_with_a_prefetch_checking_many_interpreters_needs_no_queries(django_assert_num_queries):
    from interpreters.models import Interpreter
    from tests.factories import InterpreterFactory

    for _ in range(3):
        weekly_hours_replace(interpreter=InterpreterFactory(), ranges=[(0, time(8), time(18))])
    interpreters = list(Interpreter.objects.prefetch_related("weekly_hours", "absences"))

    with django_assert_num_queries(0):
        answers = [
            interpreter_is_available(interpreter=i, starts_at=at(2026, 12, 7, 9), ends_at=at(2026, 12, 7, 10))
            for i in interpreters
        ]
    assert answers == [True, True, True]
