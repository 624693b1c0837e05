from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Status, Timesheet
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db
FORMAT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def past_job(interpreter):
    starts_at = (timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)
    return BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=starts_at)


def post(client, booking, start, end, **extra):
    data = {
        "actual_start": timezone.localtime(start).strftime(FORMAT),
        "actual_end": timezone.localtime(end).strftime(FORMAT),
        "travel_km": "24",
        **extra,
    }
    return client.post(reverse("interpreter_timesheet", args=[booking.pk]), data)


def test_a_good_timesheet_completes_the_job(interpreter_client, past_job):
    start = past_job.starts_at + timedelta(minutes=5)
    response = post(
        interpreter_client, past_job, start, start + timedelta(minutes=70), client_no_show="on", remarks="ok"
    )

    assert response.status_code == 302
    past_job.refresh_from_db()
    assert past_job.status == Status.COMPLETED
    sheet = past_job.timesheet
    assert (sheet.actual_start, sheet.actual_minutes, sheet.travel_km) == (start, 70, 24)
    assert sheet.client_no_show is True
    assert sheet.remarks == "ok"


@pytest.mark.parametrize(
    ("start_offset", "end_offset", "message"),
    [
        (timedelta(minutes=60), timedelta(minutes=0), "voor het begin"),
        (timedelta(0), timedelta(days=2), "in de toekomst"),
        (timedelta(0), timedelta(hours=10), "veel langer dan gepland"),
        (timedelta(days=-1), timedelta(days=-1, hours=1), "ver van het geplande begin"),
    ],
)
def test_a_bad_timesheet_is_refused_with_a_clear_message(
    interpreter_client, past_job, start_offset, end_offset, message
):
    response = post(interpreter_client, past_job, past_job.starts_at + start_offset, past_job.starts_at + end_offset)

    assert response.status_code == 200
    assert message in response.content.decode()
    past_job.refresh_from_db()
    assert past_job.status == Status.CONFIRMED
    assert not Timesheet.objects.exists()


def test_negative_travel_is_refused(interpreter_client, past_job):
    response = post(
        interpreter_client, past_job, past_job.starts_at, past_job.starts_at + timedelta(hours=1), travel_km="-3"
    )

    assert response.status_code == 200
    assert not Timesheet.objects.exists()


def test_a_job_that_has_not_started_gets_no_timesheet(interpreter_client, interpreter):
    future = BookingFactory(status=Status.CONFIRMED, interpreter=interpreter)

    response = interpreter_client.get(reverse("interpreter_timesheet", args=[future.pk]))

    assert response.status_code == 302
    future.refresh_from_db()
    assert future.status == Status.CONFIRMED


def test_another_interpreters_job_is_404(interpreter_client):
    theirs = BookingFactory(
        status=Status.CONFIRMED, interpreter=InterpreterFactory(), starts_at=timezone.now() - timedelta(days=1)
    )

    response = post(interpreter_client, theirs, theirs.starts_at, theirs.starts_at + timedelta(hours=1))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED


def test_dashboard_lists_jobs_still_waiting_for_a_timesheet(interpreter_client, past_job):
    html = interpreter_client.get(reverse("dashboard")).content.decode()

    assert reverse("interpreter_timesheet", args=[past_job.pk]) in html
