"""“Nu een tolk” counted apart: time to connect per language and month (median, p90), connected and unmet, on
the statistics page, in its exports and in the API's report rows."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from bookings.lifecycle import booking_transition
from bookings.models import Status, StatusChange
from tests.api.conftest import client_for
from tests.factories import BookingFactory, InterpreterFactory, StaffFactory

pytestmark = pytest.mark.django_db


def immediate(at, *, seconds=None, language="ara", unfilled=False):
    """An immediate video job requested at `at`, accepted `seconds` later (or unfilled, or still open)."""
    booking = BookingFactory(
        immediate=True, mode="video", postcode="", municipality=None, language_id=language, starts_at=at, created_at=at
    )
    if seconds is not None:
        booking_transition(
            booking=booking, to=Status.CONFIRMED, interpreter=InterpreterFactory(), now=at + timedelta(seconds=seconds)
        )
        StatusChange.objects.filter(booking=booking, to_status=Status.CONFIRMED).update(
            at=at + timedelta(seconds=seconds)
        )
    if unfilled:
        booking_transition(booking=booking, to=Status.UNFILLED)
    return booking


@pytest.fixture
def march_2017():
    start = datetime(2017, 3, 6, 10, tzinfo=UTC)
    for index, seconds in enumerate([10, 20, 30, 40, 50, 60, 70, 80, 90, 300]):
        immediate(start + timedelta(hours=index), seconds=seconds)
    immediate(start, unfilled=True)
    immediate(start, seconds=5, language="tur")
    immediate(datetime(2017, 4, 3, 10, tzinfo=UTC), seconds=15)
    BookingFactory(status=Status.CONFIRMED, starts_at=start, interpreter=InterpreterFactory())  # booked ahead


def figures(rows):
    return {(r["indicator"], r["key"]): r["value"] for r in rows if r["dimension"] == "language_month"}


def test_the_api_report_counts_immediate_jobs_apart_per_language_and_month(march_2017):
    rows = client_for(StaffFactory()).get("/api/v1/reports/2017/").json()
    found = figures(rows)
    assert found[("immediate_requests", "ara/2017-03")] == 11
    assert found[("immediate_connected", "ara/2017-03")] == 10
    assert found[("immediate_unmet", "ara/2017-03")] == 1
    assert found[("immediate_connect_median_seconds", "ara/2017-03")] == 55.0
    assert found[("immediate_connect_p90_seconds", "ara/2017-03")] == 90.0
    assert found[("immediate_connect_median_seconds", "tur/2017-03")] == 5.0
    assert found[("immediate_requests", "ara/2017-04")] == 1
    assert not any(indicator == "immediate_requests" and key.startswith("nld") for indicator, key in found)


def test_the_statistics_page_shows_them_and_exports_them(client, march_2017):
    client.force_login(StaffFactory())
    url = reverse("reporting:statistics")
    query = {"start": "2017-01-01", "end": "2017-12-31"}
    response = client.get(url, query)
    rows = response.context["immediate"]
    assert [(row.language, row.month, row.requests) for row in rows] == [
        ("ara", "2017-03", 11),
        ("tur", "2017-03", 1),
        ("ara", "2017-04", 1),
    ]
    assert "Nu een tolk: tijd tot verbinding" in response.content.decode()
    download = client.get(url, query | {"export": "csv"}).content.decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(download), delimiter=";"))  # for people: Dutch labels, decimal comma
    assert ["Nu een tolk: p90 van de tijd tot verbinding (s)", "Taal en maand", "ara/2017-03", "90,0"] in exported
