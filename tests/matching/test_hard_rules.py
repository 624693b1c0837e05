"""Each hard rule, on its own, keeps an otherwise perfect interpreter out of the candidates."""

from datetime import date, time, timedelta

import pytest

from bookings.models import OfferStatus, Status
from interpreters.models import Absence, Gender, LanguageSkill, WeeklyAvailability
from matching.candidates import candidates_for, exclusions_for
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, municipality

pytestmark = pytest.mark.django_db


def candidate_ids(booking, now):
    return [c.interpreter.pk for c in candidates_for(booking, now=now)]


@pytest.fixture
def booking():
    return BookingFactory()


@pytest.fixture
def good():
    return InterpreterFactory(languages={"ara": "certified"})


def test_a_fitting_interpreter_is_a_candidate(booking, good, now):
    assert candidate_ids(booking, now) == [good.pk]


def test_an_inactive_interpreter_is_excluded(booking, good, now):
    bad = InterpreterFactory(languages={"ara": "sworn"}, is_active=False)
    assert bad.pk not in candidate_ids(booking, now)
    assert good.pk in candidate_ids(booking, now)


def test_an_interpreter_without_the_language_is_excluded(booking, good, now):
    bad = InterpreterFactory(languages={"tir": "sworn"})
    assert bad.pk not in candidate_ids(booking, now)


def test_a_skill_only_for_translation_does_not_count_for_interpreting(booking, good, now):
    bad = InterpreterFactory()
    LanguageSkill.objects.create(
        interpreter=bad, language_id="ara", level="sworn", for_interpreting=False, for_translation=True
    )
    assert bad.pk not in candidate_ids(booking, now)


def test_a_skill_not_yet_valid_on_the_job_date_is_excluded(booking, good, now):
    bad = InterpreterFactory(languages={"ara": "sworn"})
    LanguageSkill.objects.filter(interpreter=bad).update(valid_from=booking.starts_at.date() + timedelta(days=2))
    expired = InterpreterFactory(languages={"ara": "sworn"})
    LanguageSkill.objects.filter(interpreter=expired).update(valid_until=booking.starts_at.date() - timedelta(days=2))
    assert candidate_ids(booking, now) == [good.pk]


def test_an_interpreter_who_does_not_offer_the_mode_is_excluded(good, now):
    booking = BookingFactory(mode="video")
    bad = InterpreterFactory(languages={"ara": "sworn"}, offers_video=False)
    assert bad.pk not in candidate_ids(booking, now)
    assert good.pk in candidate_ids(booking, now)


def test_an_interpreter_outside_the_sector_is_excluded(good, now):
    booking = BookingFactory(sector="gezondheid")
    bad = InterpreterFactory(languages={"ara": "sworn"}, sectors=["onderwijs"])
    ok = InterpreterFactory(languages={"ara": "sworn"}, sectors=["onderwijs", "gezondheid"])
    assert sorted(candidate_ids(booking, now)) == sorted([good.pk, ok.pk])
    assert bad.pk not in candidate_ids(booking, now)


def test_an_on_site_job_beyond_the_interpreters_own_maximum_distance_is_excluded(now):
    booking = BookingFactory(postcode="2000", municipality=municipality("2000"))  # Antwerpen, ~70 km from Hasselt
    near = InterpreterFactory(languages={"ara": "trained"}, municipality=municipality("2000"), max_travel_km=5)
    far = InterpreterFactory(languages={"ara": "sworn"}, max_travel_km=60)  # Hasselt
    willing = InterpreterFactory(languages={"ara": "sworn"}, max_travel_km=90)  # Hasselt, but goes far
    assert sorted(candidate_ids(booking, now)) == sorted([near.pk, willing.pk])
    assert far.pk not in candidate_ids(booking, now)


def test_distance_does_not_matter_for_a_phone_job(now):
    booking = BookingFactory(mode="phone", postcode="8000", municipality=municipality("8000"))
    far = InterpreterFactory(languages={"ara": "sworn"}, max_travel_km=5)
    assert candidate_ids(booking, now) == [far.pk]


def test_an_overlapping_confirmed_job_excludes_the_interpreter(booking, good, now):
    busy = InterpreterFactory(languages={"ara": "sworn"})
    BookingFactory(status=Status.CONFIRMED, interpreter=busy, starts_at=booking.starts_at + timedelta(minutes=30))
    assert candidate_ids(booking, now) == [good.pk]


def test_the_travel_buffer_after_an_on_site_job_excludes_the_interpreter(booking, good, now):
    busy = InterpreterFactory(languages={"ara": "sworn"})
    # ends 10 minutes before this job starts: less than the 15-minute travel buffer
    BookingFactory(status=Status.CONFIRMED, interpreter=busy, starts_at=booking.starts_at - timedelta(minutes=70))
    free = InterpreterFactory(languages={"ara": "sworn"})
    # ends 20 minutes before: outside the buffer (same town, so no travel time on top)
    BookingFactory(status=Status.CONFIRMED, interpreter=free, starts_at=booking.starts_at - timedelta(minutes=80))
    assert sorted(candidate_ids(booking, now)) == sorted([good.pk, free.pk])


def test_the_ten_minute_buffer_around_a_remote_job_excludes_the_interpreter(good, now):
    booking = BookingFactory(mode="phone")
    busy = InterpreterFactory(languages={"ara": "sworn"})
    BookingFactory(
        status=Status.CONFIRMED, interpreter=busy, mode="phone", starts_at=booking.ends_at + timedelta(minutes=5)
    )
    assert candidate_ids(booking, now) == [good.pk]


def test_an_absent_interpreter_is_excluded(booking, good, now):
    away = InterpreterFactory(languages={"ara": "sworn"})
    day = booking.starts_at.date()
    Absence.objects.create(interpreter=away, starts_on=day - timedelta(days=1), ends_on=day + timedelta(days=1))
    assert candidate_ids(booking, now) == [good.pk]


def test_an_interpreter_outside_their_weekly_hours_is_excluded(now):
    from django.utils import timezone

    start = timezone.make_aware(timezone.datetime.combine(date.today() + timedelta(days=10), time(10, 0)))
    booking = BookingFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    works = InterpreterFactory(languages={"ara": "sworn"})
    WeeklyAvailability.objects.create(interpreter=works, weekday=start.weekday(), start_time=time(9), end_time=time(12))
    other_day = InterpreterFactory(languages={"ara": "sworn"})
    WeeklyAvailability.objects.create(
        interpreter=other_day, weekday=(start.weekday() + 1) % 7, start_time=time(9), end_time=time(12)
    )
    assert candidate_ids(booking, now) == [works.pk]


def test_an_interpreter_who_declined_this_booking_is_excluded(booking, good, now):
    declined = InterpreterFactory(languages={"ara": "sworn"})
    OfferFactory(booking=booking, interpreter=declined, status=OfferStatus.DECLINED)
    assert candidate_ids(booking, now) == [good.pk]


def test_a_required_gender_preference_excludes_other_genders(now):
    booking = BookingFactory(gender_preference=Gender.FEMALE, gender_required=True)
    woman = InterpreterFactory(languages={"ara": "trained"}, gender=Gender.FEMALE)
    man = InterpreterFactory(languages={"ara": "sworn"}, gender=Gender.MALE)
    assert candidate_ids(booking, now) == [woman.pk]
    assert man.pk not in candidate_ids(booking, now)


def test_a_gender_wish_that_is_not_required_excludes_no_one(now):
    booking = BookingFactory(gender_preference=Gender.FEMALE, gender_required=False)
    man = InterpreterFactory(languages={"ara": "sworn"}, gender=Gender.MALE)
    assert candidate_ids(booking, now) == [man.pk]


def test_the_desk_names_why_each_language_holder_is_excluded(booking, good, now):
    inactive_mode = InterpreterFactory(languages={"ara": "sworn"}, offers_on_site=False)
    busy = InterpreterFactory(languages={"ara": "sworn"})
    BookingFactory(status=Status.CONFIRMED, interpreter=busy, starts_at=booking.starts_at)
    reasons = {e.interpreter.pk: e.reason for e in exclusions_for(booking, now=now)}
    assert reasons == {inactive_mode.pk: "Biedt deze modus niet aan", busy.pk: "Heeft dan al een opdracht (met buffer)"}
