"""Journey 2: an interpreter on a phone accepts an offer, finds it in the agenda and files a timesheet."""

from datetime import timedelta

from django.utils import timezone

from bookings.models import Booking, Kind, Offer, OfferStatus, Status
from bookings.requests import BookingRequest
from portal.services import booking_submit
from tests.e2e.conftest import E2E_MARKS, PHONE_WIDTH, check_page, field, login
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, language, requester
from tests.workers import wait_for

pytestmark = E2E_MARKS


def open_menu(page, name: str):
    """On a phone the menu sits behind the toggler."""
    page.get_by_role("button", name="Menu tonen").click()
    page.locator("#mainnav").get_by_role("link", name=name, exact=True).click()


def test_an_interpreter_on_a_phone_accepts_an_offer_sees_it_in_the_agenda_and_files_a_timesheet(
    new_page, celery_worker
):
    interpreter = InterpreterFactory(languages={"tir": "certified"}, user__username="tolk.tigrinya")
    organisation = OrganisationFactory(name="CAW Limburg")
    starts_at = (timezone.now() + timedelta(days=6)).replace(hour=9, minute=30, second=0, microsecond=0)
    request = BookingRequest(
        kind=Kind.INTERPRETING,
        language=language("tir"),
        mode="on_site",
        starts_at=starts_at,
        duration_minutes=60,
        postcode="3500",
        address="Maastrichterstraat 5",
    )
    booking = booking_submit(request=request, organisation=organisation, by=requester(organisation))
    wait_for(lambda: Offer.objects.filter(booking=booking, status=OfferStatus.OPEN).exists(), "the worker's offer")
    done = BookingFactory(
        organisation=organisation,
        status=Status.CONFIRMED,
        interpreter=interpreter,
        language=language("tir"),
        starts_at=(timezone.now() - timedelta(hours=3)).replace(second=0, microsecond=0),
    )
    page = new_page(width=PHONE_WIDTH, height=740)

    login(page, interpreter.user.username, check_as="login-phone")
    check_page(page, "interpreter-dashboard")

    open_menu(page, "Aanbiedingen")
    card = page.locator("article").filter(has_text=booking.reference)
    assert "Ter plaatse" in card.inner_text()
    check_page(page, "interpreter-offers")
    card.get_by_role("button", name="Aanvaarden").click()

    page.get_by_text("Aanvaard: de opdracht staat in je agenda.").wait_for()
    upcoming = page.get_by_role("row").filter(has_text=booking.reference)
    assert "Maastrichterstraat 5" in upcoming.inner_text()
    check_page(page, "interpreter-agenda")
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED

    page.get_by_role("row").filter(has_text=done.reference).get_by_role("link", name="Indienen").click()
    check_page(page, "interpreter-timesheet")
    field(page, "reisafstand (km)").fill("12")
    field(page, "opmerkingen").fill("Vlot verlopen.")
    page.get_by_role("button", name="Prestatieblad indienen").click()

    page.get_by_text("Prestatieblad ingediend. Bedankt!").wait_for()
    check_page(page, "interpreter-timesheet-filed")
    done.refresh_from_db()
    assert done.status == Status.COMPLETED
    assert done.timesheet.travel_km == 12
