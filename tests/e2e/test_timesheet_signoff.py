"""Signing off timesheets in the browser: the requester approves and disputes, staff settle the dispute."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Status, Timesheet, TimesheetStatus
from tests.e2e.conftest import check_page, login
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def filed_job(organisation, starts_at):
    booking = BookingFactory(
        organisation=organisation, status=Status.COMPLETED, starts_at=starts_at, interpreter=InterpreterFactory()
    )
    Timesheet.objects.create(booking=booking, actual_start=starts_at, actual_end=starts_at + timedelta(minutes=95))
    return booking


def test_a_requester_approves_one_timesheet_and_disputes_another_and_staff_settle_it(new_page):
    organisation = OrganisationFactory()
    user = requester(organisation, username="nakijker")
    starts = (timezone.now() - timedelta(days=2)).replace(second=0, microsecond=0)
    good, wrong = filed_job(organisation, starts), filed_job(organisation, starts + timedelta(hours=3))
    page = new_page()
    login(page, user.username)

    page.get_by_role("link", name="Prestatiebladen").first.click()
    check_page(page, "requester-timesheets")
    page.locator("article", has_text=good.reference).get_by_role("button", name="Goedkeuren").click()
    page.get_by_text(f"Prestatieblad van {good.reference} goedgekeurd").wait_for()

    card = page.locator("article", has_text=wrong.reference)
    card.get_by_text("Klopt niet").click()
    card.get_by_label("Wat klopt er niet?").fill("De tolk bleef maar 45 minuten.")
    card.get_by_role("button", name="Betwisten").click()
    page.get_by_text(f"Prestatieblad van {wrong.reference} betwist").wait_for()
    assert Timesheet.objects.get(booking=good).status == TimesheetStatus.APPROVED
    assert Timesheet.objects.get(booking=wrong).status == TimesheetStatus.DISPUTED

    staff_page = new_page()
    login(staff_page, StaffFactory(username="planner").username)
    staff_page.goto("/staff/timesheet-disputes/")
    check_page(staff_page, "staff-timesheet-disputes")
    dispute = staff_page.locator("article", has_text=wrong.reference)
    assert "45 minuten" in dispute.inner_text()
    dispute.get_by_label("Afhandeling").fill("Met de tolk besproken: 45 minuten aangerekend.")
    dispute.get_by_role("button", name="Afgehandeld: naar de afrekening").click()
    staff_page.get_by_text(f"Betwisting van {wrong.reference} afgehandeld").wait_for()
    assert Timesheet.objects.get(booking=wrong).status == TimesheetStatus.APPROVED
