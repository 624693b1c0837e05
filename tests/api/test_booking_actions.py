from datetime import timedelta

import pytest

from bookings.models import Booking, Status, Timesheet
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(organisation, now):
    return BookingFactory(organisation=organisation, starts_at=now + timedelta(days=5))


@pytest.fixture
def past_job(organisation, interpreter, now):
    starts = (now - timedelta(days=1)).replace(second=0, microsecond=0)
    return BookingFactory(organisation=organisation, interpreter=interpreter, status=Status.CONFIRMED, starts_at=starts)


def cancel(client, booking, reason="Cliënt verhuisd"):
    return client.post(f"/api/v1/bookings/{booking.pk}/cancel/", {"reason": reason}, format="json")


def test_a_requester_cancels_its_booking_free_of_charge_days_ahead(requester_api, booking):
    response = cancel(requester_api, booking)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["late_cancellation"] is False
    assert Booking.objects.get(pk=booking.pk).cancellation_reason == "Cliënt verhuisd"


def test_cancelling_within_24_hours_is_late(requester_api, organisation, now):
    booking = BookingFactory(organisation=organisation, starts_at=now + timedelta(hours=3))
    assert cancel(requester_api, booking).json()["late_cancellation"] is True


def test_staff_cancel_any_booking(staff_api, booking):
    assert cancel(staff_api, booking).status_code == 200


def test_a_requester_of_another_organisation_gets_404_on_cancel(other_requester_api, booking):
    assert cancel(other_requester_api, booking).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == Status.SUBMITTED


def test_the_assigned_interpreter_may_not_cancel(interpreter_api, interpreter, booking):
    Booking.objects.filter(pk=booking.pk).update(status=Status.CONFIRMED, interpreter=interpreter)
    assert cancel(interpreter_api, booking).status_code == 403


def test_anonymous_callers_may_not_cancel(anonymous_api, booking):
    assert cancel(anonymous_api, booking).status_code == 401


def test_a_cancellation_needs_a_reason(requester_api, booking):
    response = cancel(requester_api, booking, reason=" ")
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert requester_api.post(f"/api/v1/bookings/{booking.pk}/cancel/", {}, format="json").status_code == 400


def test_a_cancelled_booking_cannot_be_cancelled_again(requester_api, booking):
    cancel(requester_api, booking)
    response = cancel(requester_api, booking)
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def assign(client, booking, interpreter_id):
    return client.post(f"/api/v1/bookings/{booking.pk}/assign/", {"interpreter": interpreter_id}, format="json")


def test_staff_assign_an_interpreter(staff_api, booking, interpreter):
    response = assign(staff_api, booking, interpreter.pk)
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["interpreter"] == interpreter.pk


@pytest.mark.parametrize(("caller", "expected"), [("requester_api", 403), ("other_requester_api", 404)])
def test_requesters_may_not_assign(request, caller, expected, booking, interpreter):
    assert assign(request.getfixturevalue(caller), booking, interpreter.pk).status_code == expected
    assert Booking.objects.get(pk=booking.pk).interpreter is None


def test_an_interpreter_may_not_assign(interpreter_api, booking, interpreter):
    # the booking is not its job, so for the interpreter it does not exist
    assert assign(interpreter_api, booking, interpreter.pk).status_code == 404


def test_assigning_an_unknown_interpreter_is_a_field_error(staff_api, booking):
    response = assign(staff_api, booking, 987654)
    assert response.status_code == 400
    assert "interpreter" in response.json()


def test_assigning_an_overlapping_job_is_a_400(staff_api, booking, interpreter):
    BookingFactory(status=Status.CONFIRMED, interpreter=interpreter, starts_at=booking.starts_at)
    response = assign(staff_api, booking, interpreter.pk)
    assert response.status_code == 400
    assert "interpreter" in response.json()


def test_assigning_a_closed_booking_is_a_400(staff_api, booking, interpreter):
    Booking.objects.filter(pk=booking.pk).update(status=Status.CANCELLED)
    assert assign(staff_api, booking, interpreter.pk).status_code == 400


def complete(client, booking, minutes=75, km=12):
    return client.post(
        f"/api/v1/bookings/{booking.pk}/complete/", {"actual_minutes": minutes, "travel_km": km}, format="json"
    )


def test_the_assigned_interpreter_completes_the_job(interpreter_api, past_job):
    response = complete(interpreter_api, past_job)
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    timesheet = Timesheet.objects.get(booking=past_job)
    assert timesheet.actual_start == past_job.starts_at
    assert timesheet.actual_minutes == 75
    assert timesheet.travel_km == 12


def test_staff_complete_a_job(staff_api, past_job):
    assert complete(staff_api, past_job).json()["status"] == "completed"


def test_the_requester_may_not_complete(requester_api, past_job):
    assert complete(requester_api, past_job).status_code == 403


def test_another_interpreter_gets_404_on_complete(past_job):
    from tests.api.conftest import client_for

    assert complete(client_for(InterpreterFactory().user), past_job).status_code == 404


def test_a_job_that_has_not_ended_yet_cannot_be_completed(interpreter_api, interpreter, organisation, now):
    job = BookingFactory(organisation=organisation, interpreter=interpreter, status=Status.CONFIRMED)
    response = complete(interpreter_api, job)
    assert response.status_code == 400
    assert "actual_minutes" in response.json()


def test_completing_needs_minutes_and_kilometres(interpreter_api, past_job):
    response = interpreter_api.post(f"/api/v1/bookings/{past_job.pk}/complete/", {"travel_km": -1}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"actual_minutes", "travel_km"}


def test_completing_twice_is_a_400(interpreter_api, past_job):
    complete(interpreter_api, past_job)
    assert complete(interpreter_api, past_job).status_code == 400
