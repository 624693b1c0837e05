"""POST /api/v1/bookings/{id}/timesheet/approve/ and /dispute/: the requester's organisation or staff."""

from datetime import timedelta

import pytest

from bookings.models import Status, Timesheet, TimesheetStatus
from tests.api.conftest import client_for
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(organisation, interpreter, now, interpreter_api):
    starts = (now - timedelta(days=1)).replace(second=0, microsecond=0)
    job = BookingFactory(organisation=organisation, interpreter=interpreter, status=Status.CONFIRMED, starts_at=starts)
    response = interpreter_api.post(
        f"/api/v1/bookings/{job.pk}/complete/", {"actual_minutes": 70, "travel_km": 8}, format="json"
    )
    assert response.json()["timesheet_status"] == "pending"
    return job


def approve(client, booking):
    return client.post(f"/api/v1/bookings/{booking.pk}/timesheet/approve/", format="json")


def dispute(client, booking, reason="De tolk kwam 20 minuten te laat."):
    return client.post(f"/api/v1/bookings/{booking.pk}/timesheet/dispute/", {"reason": reason}, format="json")


def test_the_requester_approves_and_the_booking_says_so(requester_api, completed):
    response = approve(requester_api, completed)

    assert response.status_code == 200
    assert response.json()["timesheet_status"] == "approved"
    assert requester_api.get(f"/api/v1/bookings/{completed.pk}/").json()["timesheet_status"] == "approved"
    listed = requester_api.get("/api/v1/bookings/").json()["results"]
    assert [row["timesheet_status"] for row in listed if row["id"] == completed.pk] == ["approved"]


def test_the_requester_disputes_with_a_reason(requester_api, completed):
    response = dispute(requester_api, completed)

    assert response.status_code == 200
    assert response.json()["timesheet_status"] == "disputed"
    assert Timesheet.objects.get(booking=completed).dispute_reason == "De tolk kwam 20 minuten te laat."


def test_a_dispute_without_a_reason_is_a_400_and_changes_nothing(requester_api, completed):
    response = dispute(requester_api, completed, reason="")

    assert response.status_code == 400
    assert "reason" in response.json()
    assert Timesheet.objects.get(booking=completed).status == TimesheetStatus.PENDING


def test_staff_may_approve(staff_api, completed):
    assert approve(staff_api, completed).json()["timesheet_status"] == "approved"


def test_the_interpreter_may_not_sign_off_its_own_timesheet(interpreter_api, completed):
    assert approve(interpreter_api, completed).status_code == 403
    assert dispute(interpreter_api, completed).status_code == 403
    assert Timesheet.objects.get(booking=completed).status == TimesheetStatus.PENDING


def test_another_organisation_gets_404(other_requester_api, completed):
    assert approve(other_requester_api, completed).status_code == 404
    assert dispute(other_requester_api, completed).status_code == 404


def test_a_second_answer_is_a_409(requester_api, completed):
    approve(requester_api, completed)

    assert approve(requester_api, completed).status_code == 409
    assert dispute(requester_api, completed).status_code == 409
    assert Timesheet.objects.get(booking=completed).status == TimesheetStatus.APPROVED


def test_a_booking_without_a_timesheet_is_a_409(requester_api, organisation, requester_user):
    booking = BookingFactory(organisation=organisation)

    response = approve(client_for(requester_user), booking)

    assert response.status_code == 409
    assert requester_api.get(f"/api/v1/bookings/{booking.pk}/").json()["timesheet_status"] is None
