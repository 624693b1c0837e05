from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings.models import Status
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


def test_an_interpreter_gets_its_confirmed_jobs_as_icalendar(interpreter_api, interpreter):
    job = BookingFactory(status=Status.CONFIRMED, interpreter=interpreter)
    BookingFactory()  # not its job
    response = interpreter_api.get("/api/v1/calendar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert f"UID:booking-{job.pk}@tolkportaal" in body


def test_a_requester_gets_its_organisations_bookings(requester_api, organisation):
    BookingFactory.create_batch(2, organisation=organisation)
    assert requester_api.get("/api/v1/calendar/").content.decode().count("BEGIN:VEVENT") == 2


def test_the_calendar_answers_even_when_json_is_asked_for(interpreter_api):
    response = interpreter_api.get("/api/v1/calendar/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def test_anonymous_calendar_requests_get_a_json_401(anonymous_api):
    response = anonymous_api.get("/api/v1/calendar/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def completed_in_2025(count, organisation):
    brussels = ZoneInfo("Europe/Brussels")
    for n in range(count):
        start = datetime(2025, 3, 3 + n, 10, tzinfo=brussels)
        BookingFactory(organisation=organisation, status=Status.COMPLETED, starts_at=start)


def test_staff_get_the_annual_report_rows(staff_api, organisation):
    completed_in_2025(3, organisation)
    BookingFactory(
        organisation=organisation, status=Status.CANCELLED, starts_at=datetime(2025, 5, 1, 10, tzinfo=ZoneInfo("UTC"))
    )
    response = staff_api.get("/api/v1/reports/2025/")
    assert response.status_code == 200
    rows = response.json()
    total = [r for r in rows if r["indicator"] == "assignments" and r["dimension"] == "total"]
    assert total == [{"indicator": "assignments", "dimension": "total", "key": "", "value": 3}]
    march = [r for r in rows if r["indicator"] == "assignments" and r["dimension"] == "month" and r["key"] == "03"]
    assert march[0]["value"] == 3
    sectors = {r["key"]: r["value"] for r in rows if r["indicator"] == "assignments" and r["dimension"] == "sector"}
    assert sum(sectors.values()) == 3 and set(sectors) == {
        "welzijn",
        "gezondheid",
        "onderwijs",
        "werk",
        "justitie-politie",
        "andere",
    }


@pytest.mark.parametrize(
    ("caller", "expected"), [("requester_api", 403), ("interpreter_api", 403), ("anonymous_api", 401)]
)
def test_only_staff_get_reports(request, caller, expected):
    assert request.getfixturevalue(caller).get("/api/v1/reports/2025/").status_code == expected


def test_a_year_out_of_range_is_a_400(staff_api):
    response = staff_api.get("/api/v1/reports/12345/")
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_year_without_data_has_no_assignment_rows(staff_api):
    rows = staff_api.get(f"/api/v1/reports/{(datetime.now() + timedelta(days=800)).year}/").json()
    assert [r for r in rows if r["indicator"] == "assignments"] == []
