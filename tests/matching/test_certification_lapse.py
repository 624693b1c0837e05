"""A confirmed job whose interpreter's certification lapses before the start is flagged to staff."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from bookings.models import Message
from interpreters.models import LanguageSkill
from matching.certification import bookings_with_lapsing_certification, certification_lapses_flag
from portal.services import booking_assign
from tests.factories import BookingFactory, StaffFactory
from tests.matching.conftest import interpreter

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(now):
    """A job in three weeks, assigned while the interpreter's certification is valid."""
    person = interpreter("certified")
    booking = BookingFactory(starts_at=now + timedelta(days=21))
    return booking_assign(booking=booking, interpreter=person, by=StaffFactory())


def lapse(booking, on):
    LanguageSkill.objects.filter(interpreter=booking.interpreter, language=booking.language).update(valid_until=on)


def test_a_certification_that_lapses_between_booking_and_start_is_flagged(confirmed, now):
    assert list(bookings_with_lapsing_certification(now=now)) == []
    lapse(confirmed, confirmed.starts_at.date() - timedelta(days=3))
    assert list(bookings_with_lapsing_certification(now=now)) == [confirmed]


def test_a_certification_valid_on_the_day_of_the_job_is_not_flagged(confirmed, now):
    lapse(confirmed, timezone.localdate(confirmed.starts_at))
    assert list(bookings_with_lapsing_certification(now=now)) == []


def test_the_day_of_the_job_is_the_day_in_brussels(now):
    person = interpreter("night")
    # 00:30 in Brussels on the 15th is still the 14th in UTC
    start = datetime(2027, 1, 15, 0, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    booking = BookingFactory(starts_at=start, interpreter=person, status="confirmed")
    lapse(booking, start.date() - timedelta(days=1))
    assert list(bookings_with_lapsing_certification(now=now)) == [booking]


def test_a_required_level_that_the_interpreter_no_longer_holds_is_flagged(now):
    person = interpreter("downgraded", "certified")
    booking = BookingFactory(starts_at=now + timedelta(days=9), min_level="certified", min_level_required=True)
    booking = booking_assign(booking=booking, interpreter=person, by=StaffFactory())
    assert list(bookings_with_lapsing_certification(now=now)) == []
    LanguageSkill.objects.filter(interpreter=person).update(level="trained")
    assert list(bookings_with_lapsing_certification(now=now)) == [booking]


def test_the_daily_check_notes_each_lapse_once_and_mails_staff_once(confirmed, now):
    planners = [StaffFactory(), StaffFactory()]
    StaffFactory(email="")  # no address: no mail
    lapse(confirmed, now.date())
    assert certification_lapses_flag(now=now) == [confirmed.pk]
    assert certification_lapses_flag(now=now) == []
    assert confirmed.history.filter(note_code="certification_lapsing").count() == 1
    mails = Message.objects.filter(kind="certification_lapsing_staff", booking=confirmed)
    staff_with_address = {u.pk for u in get_user_model().objects.filter(is_staff=True).exclude(email="")}
    assert {m.recipient_id for m in mails} == staff_with_address >= {p.pk for p in planners}
    assert mails.count() == len(staff_with_address), "one mail per planner, however often the check runs"
    mail = mails.first()
    assert confirmed.reference in mail.subject and confirmed.language.name in mail.body_text
    assert reverse("staff_booking_detail", args=[confirmed.pk]) in mail.body_text


def test_the_staff_queue_lists_jobs_whose_certification_lapses(confirmed, client, now):
    lapse(confirmed, now.date())
    client.force_login(StaffFactory())
    page = client.get(reverse("staff_queue")).content.decode()
    assert confirmed.reference in page
    assert 'data-reason="lapsed_certification">Certificaat verloopt vóór de opdracht' in page


def test_matching_uses_the_certification_valid_on_the_day_of_the_job(now):
    from matching.candidates import candidates_for

    booking = BookingFactory(starts_at=now + timedelta(days=30))
    expired, starts_later = interpreter("expired"), interpreter("starts-later")
    LanguageSkill.objects.filter(interpreter=expired).update(valid_until=now.date() + timedelta(days=29))
    LanguageSkill.objects.filter(interpreter=starts_later).update(valid_from=now.date() + timedelta(days=20))
    assert [c.interpreter for c in candidates_for(booking, now=now)] == [starts_later]
