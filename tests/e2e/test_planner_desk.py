"""Journey: a planner filters the queue, finds a French-speaking interpreter for a Wolof request nobody holds,
assigns them outside the candidates with a reason, and downloads the annual report for Excel."""

import io
from datetime import datetime, timedelta

from django.utils import timezone
from openpyxl import load_workbook

from bookings.models import Status
from tests.e2e.conftest import E2E_MARKS, check_page, field, login
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, municipality

pytestmark = E2E_MARKS


def test_a_planner_filters_searches_assigns_with_a_reason_and_downloads_for_excel(new_page, redis_celery, settings):
    settings.TOLK_STAFF_2FA = False
    staff = StaffFactory(username="planner.lies")
    organisation = OrganisationFactory(name="OCMW Genk", municipality=municipality("3600"))
    starts_at = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    wolof = BookingFactory(organisation=organisation, status=Status.UNFILLED, language_id="wol", starts_at=starts_at)
    other = BookingFactory(status=Status.UNFILLED, language_id="ara", starts_at=starts_at + timedelta(hours=1))
    awa = InterpreterFactory(
        languages={"fra": "certified"},
        user__first_name="Awa",
        user__last_name="Ndiaye",
        phone="0486 11 22 33",
        municipality=municipality("3500"),
    )
    last_year = timezone.localdate().year - 1
    BookingFactory(
        organisation=organisation,
        status=Status.COMPLETED,
        interpreter=awa,
        language_id="fra",
        starts_at=timezone.make_aware(datetime(last_year, 5, 14, 10, 0)),
    )
    page = new_page()

    login(page, staff.username)
    page.get_by_role("heading", name="Planning: niet ingevuld en in gevaar").wait_for()
    page.locator("#queue-filters").get_by_label("Taal", exact=True).fill("Wolof")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state()
    queue = page.locator("#queue")
    queue.get_by_role("row").filter(has_text=wolof.reference).wait_for()
    assert other.reference not in queue.inner_text()
    assert "Geen kandidaten" in queue.get_by_role("row").filter(has_text=wolof.reference).inner_text()
    check_page(page, "planner-queue-filtered")

    queue.get_by_role("row").filter(has_text=wolof.reference).get_by_role("link", name="Kandidaten").click()
    field(page, "Zoek een tolk op naam, taal of postcode").fill("Frans")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    result = page.locator("#search-results").get_by_role("row").filter(has_text="Awa Ndiaye")
    result.wait_for()
    assert "Tolkt deze taal niet" in result.inner_text() and "0486 11 22 33" in result.inner_text()
    check_page(page, "planner-desk-search")
    result.get_by_label("Reden om Awa Ndiaye toch toe te wijzen").fill("cliënt spreekt ook Frans")
    result.get_by_role("button", name="Toewijzen").click()
    page.get_by_text("is toegewezen").wait_for()
    assert "cliënt spreekt ook Frans" in page.locator("main").inner_text()
    check_page(page, "planner-desk-assigned-with-reason")
    wolof.refresh_from_db()
    assert wolof.status == Status.CONFIRMED and wolof.interpreter == awa
    assert "cliënt spreekt ook Frans" in wolof.history.get(to_status=Status.CONFIRMED).note_text

    day = timezone.localdate(starts_at).isoformat()
    page.goto(f"/staff/dispatch/?day={day}&region={organisation.municipality.region.pk}")
    page.locator("#dispatch-interpreters").get_by_role("row").filter(has_text="Awa Ndiaye").wait_for()
    check_page(page, "planner-dispatch-day")

    page.goto(f"/reporting/{last_year}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX", exact=True).click()
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Indicator", "Indeling", "Onderdeel", "Waarde")
    assert ("Tolk- en vertaalopdrachten", "Totaal", None, 1) in rows
    assert ("Tolk- en vertaalopdrachten", "Taal", "Frans", 1) in rows
