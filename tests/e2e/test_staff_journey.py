"""Journey 3: a staff member passes two-factor login, assigns an unfilled booking, opens and exports the report."""

import base64
import csv
import io
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone
from django_otp.oath import totp

from bookings.models import Booking, Status
from tests.e2e.conftest import E2E_MARKS, check_page, field, login
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory

pytestmark = E2E_MARKS


def pass_second_factor(page):
    """First login of a staff member: set up the authenticator with the key shown, then enter its code."""
    key = page.get_by_test_id("totp-key").inner_text().replace(" ", "")
    check_page(page, "staff-two-factor-setup")
    code = totp(base64.b32decode(key))
    field(page, "Code uit je authenticator-app").fill(f"{code:06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()


def test_a_staff_member_assigns_an_unfilled_booking_and_exports_the_annual_report(new_page, celery_worker, settings):
    settings.TOLK_STAFF_2FA = True
    staff = StaffFactory(username="planner.an")
    organisation = OrganisationFactory(name="Stad Hasselt")
    interpreter = InterpreterFactory(languages={"prs": "certified"}, user__first_name="Farid", user__last_name="Nazari")
    unfilled = BookingFactory(
        organisation=organisation,
        status=Status.UNFILLED,
        language_id="prs",
        starts_at=(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0),
    )
    last_year = timezone.localdate().year - 1
    for month, day in ((2, 14), (5, 14), (5, 21), (11, 14)):
        BookingFactory(
            organisation=organisation,
            status=Status.COMPLETED,
            interpreter=interpreter,
            language_id="prs",
            starts_at=timezone.make_aware(datetime(last_year, month, day, 10, 0)),
        )
    # requested a week ahead, as usual (the report shows the median lead time)
    Booking.objects.filter(status=Status.COMPLETED).update(created_at=F("starts_at") - timedelta(days=7))
    page = new_page()

    login(page, staff.username)
    pass_second_factor(page)
    page.get_by_role("heading", name="Planning: niet ingevuld en in gevaar").wait_for()
    check_page(page, "staff-queue")

    page.get_by_role("row").filter(has_text=unfilled.reference).get_by_role("link", name="Kandidaten").click()
    candidate = page.locator("#candidates").get_by_role("row").filter(has_text="Farid Nazari")
    check_page(page, "staff-booking-desk")
    candidate.get_by_role("button", name="Toewijzen").click()

    page.get_by_text("is toegewezen").wait_for()
    check_page(page, "staff-booking-assigned")
    unfilled.refresh_from_db()
    assert unfilled.status == Status.CONFIRMED and unfilled.interpreter == interpreter

    page.locator("#mainnav").get_by_role("link", name="Rapportering").click()
    page.get_by_role("heading", name=f"Jaarverslag {last_year} in cijfers").wait_for()
    check_page(page, "staff-annual-report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))  # for Belgian Excel: `;` and Dutch labels
    totals = {(row["Indicator"], row["Indeling"], row["Onderdeel"]): row["Waarde"] for row in rows}
    assert totals[("Tolk- en vertaalopdrachten", "Totaal", "")] == "4"
    assert totals[("Tolk- en vertaalopdrachten", "Maand", "mei")] == "2"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX", exact=True).click()
    assert download_info.value.suggested_filename == f"jaarverslag-{last_year}.xlsx"
