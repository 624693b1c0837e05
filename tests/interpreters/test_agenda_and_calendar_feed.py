from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.roles import profile_for
from bookings.models import Status
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def job(interpreter, starts_at, **fields):
    return BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=starts_at, **fields)


def feed_events(client, user):
    token = profile_for(user).calendar_token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_feed_keeps_local_times_across_the_dst_change(client, interpreter):
    # Europe/Brussels moves to summer time on Sunday 28 March 2027.
    before = job(interpreter, datetime(2027, 3, 26, 10, 0, tzinfo=BRUSSELS))
    after = job(interpreter, datetime(2027, 3, 29, 10, 0, tzinfo=BRUSSELS))
    winter = job(interpreter, datetime(2026, 12, 14, 9, 30, tzinfo=BRUSSELS), duration_minutes=90)

    events = feed_events(client, interpreter.user)

    def local(booking, name="dtstart"):
        return events[f"booking-{booking.pk}@tolkportaal"][name].dt.astimezone(BRUSSELS)

    assert (local(before).hour, local(before).minute) == (10, 0)
    assert (local(after).hour, local(after).minute) == (10, 0)
    assert local(before).utcoffset() == timedelta(hours=1)
    assert local(after).utcoffset() == timedelta(hours=2)
    assert (local(winter, "dtend").hour, local(winter, "dtend").minute) == (11, 0)


def test_feed_uids_are_stable_between_fetches(client, interpreter):
    first = job(interpreter, timezone.now() + timedelta(days=3))
    job(interpreter, timezone.now() + timedelta(days=4))

    uids_once = set(feed_events(client, interpreter.user))
    uids_twice = set(feed_events(client, interpreter.user))

    assert uids_once == uids_twice
    assert f"booking-{first.pk}@tolkportaal" in uids_once
    assert len(uids_once) == 2


def test_feed_shows_only_the_owners_confirmed_jobs(client, interpreter):
    mine = job(interpreter, timezone.now() + timedelta(days=3))
    theirs = job(InterpreterFactory(), timezone.now() + timedelta(days=3))
    BookingFactory(status=Status.OFFERED, starts_at=timezone.now() + timedelta(days=5))

    uids = set(feed_events(client, interpreter.user))

    assert uids == {f"booking-{mine.pk}@tolkportaal"}
    assert f"booking-{theirs.pk}@tolkportaal" not in uids


def test_an_unknown_token_is_404(client):
    assert client.get(reverse("calendar_feed", kwargs={"token": "not-a-token"})).status_code == 404


def test_regenerating_the_link_stops_the_old_one(interpreter_client, interpreter):
    old = profile_for(interpreter.user).calendar_token

    response = interpreter_client.post(reverse("interpreter_calendar_reset"))

    new = profile_for(interpreter.user).calendar_token
    assert response.status_code == 302
    assert new != old
    assert interpreter_client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404
    assert interpreter_client.get(reverse("calendar_feed", kwargs={"token": new})).status_code == 200
    assert new in interpreter_client.get(reverse("interpreter_agenda")).content.decode()


def test_regenerating_needs_a_post(interpreter_client, interpreter):
    old = profile_for(interpreter.user).calendar_token

    assert interpreter_client.get(reverse("interpreter_calendar_reset")).status_code == 405
    assert profile_for(interpreter.user).calendar_token == old


def test_agenda_lists_upcoming_and_past_jobs_with_a_timesheet_link(interpreter_client, interpreter):
    upcoming = job(interpreter, timezone.now() + timedelta(days=2))
    past = job(interpreter, timezone.now() - timedelta(days=2))
    done = BookingFactory(
        status=Status.COMPLETED, interpreter=interpreter, starts_at=timezone.now() - timedelta(days=9)
    )

    html = interpreter_client.get(reverse("interpreter_agenda")).content.decode()

    assert upcoming.reference in html and past.reference in html and done.reference in html
    assert reverse("interpreter_timesheet", args=[past.pk]) in html
    assert reverse("interpreter_timesheet", args=[done.pk]) not in html


def test_agenda_query_count_does_not_grow_with_jobs(interpreter_client, interpreter):
    job(interpreter, timezone.now() + timedelta(days=1))
    profile_for(interpreter.user)  # the first visit creates the profile
    with CaptureQueriesContext(connection) as few:
        interpreter_client.get(reverse("interpreter_agenda"))
    for day in range(2, 8):
        job(interpreter, timezone.now() + timedelta(days=day))
        job(interpreter, timezone.now() - timedelta(days=day))
    with CaptureQueriesContext(connection) as many:
        interpreter_client.get(reverse("interpreter_agenda"))

    assert len(many) == len(few) <= 8
