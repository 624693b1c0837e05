"""The requester's pages to sign off timesheets, and the staff page of disputes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Status, Timesheet, TimesheetStatus
from tests.factories import BookingFactory, InterpreterFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return requester()


def filed(organisation, now, **fields):
    starts = (now - timedelta(days=1)).replace(second=0, microsecond=0)
    booking = BookingFactory(
        organisation=organisation, status=Status.COMPLETED, starts_at=starts, interpreter=InterpreterFactory()
    )
    Timesheet.objects.create(
        booking=booking, actual_start=starts, actual_end=starts + timedelta(minutes=80), travel_km=5, **fields
    )
    return booking


def status_of(booking) -> str:
    return Timesheet.objects.get(booking=booking).status


def test_the_list_shows_what_waits_and_approving_takes_it_off(client, member, now):
    organisation = member.organisations.first()
    waiting = filed(organisation, now)
    client.force_login(member)

    page = client.get(reverse("requester_timesheets")).content.decode()
    assert waiting.reference in page
    assert "80 minuten" in page

    response = client.post(reverse("requester_timesheet_approve", args=[waiting.pk]), {"from": "list"})
    assert response.status_code == 302
    assert response["Location"] == reverse("requester_timesheets")
    assert status_of(waiting) == TimesheetStatus.APPROVED
    page = client.get(reverse("requester_timesheets")).content.decode()
    assert reverse("requester_timesheet_approve", args=[waiting.pk]) not in page


def test_the_dashboard_and_the_booking_page_ask_for_an_answer(client, member, now):
    waiting = filed(member.organisations.first(), now)
    client.force_login(member)

    assert reverse("requester_timesheets") in client.get(reverse("dashboard")).content.decode()
    detail = client.get(reverse("requester_booking_detail", args=[waiting.pk])).content.decode()
    assert reverse("requester_timesheet_dispute", args=[waiting.pk]) in detail


def test_a_dispute_from_the_booking_page_keeps_the_reason(client, member, now):
    waiting = filed(member.organisations.first(), now)
    client.force_login(member)

    response = client.post(
        reverse("requester_timesheet_dispute", args=[waiting.pk]), {"reason": "Maar 45 minuten", "from": "booking"}
    )

    assert response["Location"] == reverse("requester_booking_detail", args=[waiting.pk])
    assert status_of(waiting) == TimesheetStatus.DISPUTED
    assert "Maar 45 minuten" in client.get(response["Location"]).content.decode()


def test_a_dispute_without_reason_is_refused_with_a_message(client, member, now):
    waiting = filed(member.organisations.first(), now)
    client.force_login(member)

    response = client.post(reverse("requester_timesheet_dispute", args=[waiting.pk]), {"reason": ""}, follow=True)

    assert "Zeg wat er niet klopt" in response.content.decode()
    assert status_of(waiting) == TimesheetStatus.PENDING


def test_another_organisations_timesheet_is_a_404(client, member, now):
    elsewhere = filed(requester().organisations.first(), now)
    client.force_login(member)

    assert client.post(reverse("requester_timesheet_approve", args=[elsewhere.pk])).status_code == 404
    assert status_of(elsewhere) == TimesheetStatus.PENDING


def test_staff_settle_disputes_on_their_page(client, now):
    disputed = filed(requester().organisations.first(), now, status=TimesheetStatus.DISPUTED, dispute_reason="Te lang")
    client.force_login(StaffFactory())

    page = client.get(reverse("staff_timesheet_disputes")).content.decode()
    assert disputed.reference in page and "Te lang" in page

    client.post(reverse("staff_timesheet_resolve", args=[disputed.pk]), {"resolution": "Met de tolk besproken"})
    assert status_of(disputed) == TimesheetStatus.APPROVED
    page = client.get(reverse("staff_timesheet_disputes")).content.decode()
    assert reverse("staff_timesheet_resolve", args=[disputed.pk]) not in page


def test_the_disputes_page_is_for_staff_only(client, member):
    client.force_login(member)
    assert client.get(reverse("staff_timesheet_disputes")).status_code == 404


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["staff_timesheet_disputes", "requester_timesheets"])
def test_the_pages_make_the_same_queries_whatever_the_number_of_timesheets(client, member, now, url_name):
    staff = url_name.startswith("staff")
    client.force_login(StaffFactory() if staff else member)
    fields = {"status": TimesheetStatus.DISPUTED, "dispute_reason": "Te lang"} if staff else {}
    url = reverse(url_name)
    filed(member.organisations.first(), now, **fields)
    one = queries_of(client, url)
    for _ in range(4):
        filed(member.organisations.first(), now, **fields)

    assert queries_of(client, url) == one
