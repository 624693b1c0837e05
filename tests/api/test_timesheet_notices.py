"""A filed timesheet asks the requester to look at it, a disputed one tells staff: one mail each, through the
outbox, from the API and from the portal's pages alike."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bookings.models import Message, Status
from tests.factories import BookingFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(organisation, requester_user, interpreter, now):
    starts = (now - timedelta(days=1)).replace(second=0, microsecond=0)
    return BookingFactory(
        organisation=organisation,
        requested_by=requester_user,
        interpreter=interpreter,
        status=Status.CONFIRMED,
        starts_at=starts,
    )


@pytest.fixture
def planners(db):
    return [StaffFactory(username="planner1"), StaffFactory(username="planner2")]


def file_by_api(interpreter_api, job, capture):
    with capture(execute=True):
        response = interpreter_api.post(
            f"/api/v1/bookings/{job.pk}/complete/", {"actual_minutes": 70, "travel_km": 8}, format="json"
        )
    assert response.status_code == 200, response.json()


def test_a_filed_timesheet_mails_the_requester_once(
    interpreter_api, job, requester_user, django_capture_on_commit_callbacks
):
    file_by_api(interpreter_api, job, django_capture_on_commit_callbacks)
    [notice] = Message.objects.filter(kind="timesheet_waiting")
    assert notice.recipient == requester_user and notice.booking == job
    [email] = mail.outbox
    assert email.to == [requester_user.email] and job.reference in email.subject
    assert "/timesheets/" in email.body and "automatisch goedgekeurd" in email.body


def test_a_dispute_mails_each_planner_and_not_the_requester(
    interpreter_api, requester_api, job, planners, django_capture_on_commit_callbacks
):
    file_by_api(interpreter_api, job, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = requester_api.post(
            f"/api/v1/bookings/{job.pk}/timesheet/dispute/", {"reason": "Twintig minuten te laat."}, format="json"
        )
    assert response.status_code == 200
    notices = Message.objects.filter(kind="timesheet_disputed_staff")
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["planner1", "planner2"]
    assert all("Twintig minuten te laat." in email.body for email in mail.outbox) and len(mail.outbox) == 2


def test_a_dispute_without_reason_mails_nobody(
    interpreter_api, requester_api, job, planners, django_capture_on_commit_callbacks
):
    file_by_api(interpreter_api, job, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = requester_api.post(f"/api/v1/bookings/{job.pk}/timesheet/dispute/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert not Message.objects.filter(kind="timesheet_disputed_staff").exists()


def test_the_portals_pages_send_the_same_mails(
    job, requester_user, interpreter, planners, django_capture_on_commit_callbacks
):
    tolk = Client()
    tolk.force_login(interpreter.user)
    start = job.starts_at.astimezone()
    with django_capture_on_commit_callbacks(execute=True):
        filed = tolk.post(
            reverse("interpreter_timesheet", args=[job.pk]),
            {
                "actual_start": start.strftime("%Y-%m-%dT%H:%M"),
                "actual_end": (start + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M"),
                "travel_km": "0",
                "waiting_minutes": "0",
                "parking_cost": "0",
            },
        )
    assert filed.status_code == 302, filed.context["form"].errors if filed.context else filed
    assert Message.objects.filter(kind="timesheet_waiting", recipient=requester_user).count() == 1
    member = Client()
    member.force_login(requester_user)
    with django_capture_on_commit_callbacks(execute=True):
        member.post(reverse("requester_timesheet_dispute", args=[job.pk]), {"reason": "Klopt niet."})
    assert Message.objects.filter(kind="timesheet_disputed_staff").count() == 2
