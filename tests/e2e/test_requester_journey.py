"""Journey 1: a requester books an on-site interpreter, sees it confirmed, downloads the .ics, cancels late."""

from datetime import timedelta

from django.utils import timezone, translation

from bookings.models import Booking, Offer, OfferStatus, Status
from matching.offers import offer_accept
from tests.e2e.conftest import E2E_MARKS, check_page, field, login
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, requester
from tests.workers import wait_for

pytestmark = E2E_MARKS


def test_a_requester_books_an_interpreter_sees_it_confirmed_and_cancels_another_late(new_page, celery_worker):
    organisation = OrganisationFactory(name="OCMW Hasselt")
    user = requester(organisation, username="an.requester")
    interpreter = InterpreterFactory(languages={"ara": "certified"}, offers_on_site=True)
    soon = BookingFactory(
        organisation=organisation,
        status=Status.CONFIRMED,
        interpreter=InterpreterFactory(languages={"ara": "certified"}),
        starts_at=(timezone.now() + timedelta(hours=5)).replace(second=0, microsecond=0),
    )
    page = new_page()

    login(page, user.username, check_as="login")
    check_page(page, "requester-dashboard")

    page.get_by_role("link", name="Tolk boeken").first.click()
    check_page(page, "requester-booking-form")
    day = timezone.localdate() + timedelta(days=10)
    field(page, "Ter plaatse").check()
    field(page, "Taal van de cliënt").fill("Arabisch")
    field(page, "Datum").fill(day.isoformat())
    field(page, "Beginuur").fill("10:00")
    field(page, "Verwachte duur (minuten)").fill("90")
    field(page, "Adres").fill("Havermarkt 10")
    field(page, "Postcode").fill("3500")
    page.get_by_role("button", name="Aanvraag indienen").click()

    page.get_by_text("is ingediend").wait_for()
    check_page(page, "requester-booking-submitted")
    booking = Booking.objects.get(organisation=organisation, starts_at__date=day)
    assert booking.mode == "on_site" and booking.duration_minutes == 90

    # The real worker matched it and sent offers to both Arabic interpreters; the first to answer accepts.
    offer = wait_for(lambda: Offer.objects.filter(booking=booking, status=OfferStatus.OPEN).first(), "an offer")
    assert offer.interpreter in {interpreter, soon.interpreter}
    with translation.override("nl"):  # the interpreter's language, as in the request that would accept it
        offer_accept(offer=offer, by=offer.interpreter.user)

    page.reload()
    page.get_by_text("Bevestigd").first.wait_for()
    assert str(offer.interpreter) in page.locator("main").inner_text()
    check_page(page, "requester-booking-confirmed")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="In mijn agenda (.ics)").click()
    ics = download_info.value.path().read_text()
    assert "BEGIN:VEVENT" in ics and booking.reference in ics

    page.get_by_role("link", name="Mijn boekingen").first.click()
    check_page(page, "requester-booking-list")
    page.get_by_role("row").filter(has_text=soon.reference).get_by_role("link").click()
    page.get_by_role("link", name="Annuleren").first.click()
    warning = page.locator("#late-warning")
    assert "late annulering" in warning.inner_text()
    check_page(page, "requester-cancel-late")
    field(page, "Reden van annulering").fill("De cliënt is verhuisd.")
    page.get_by_role("button", name="Toch annuleren (laat)").click()

    page.get_by_text("Late annulering (wordt aangerekend)").wait_for()
    check_page(page, "requester-cancelled-late")
    soon.refresh_from_db()
    assert soon.status == Status.CANCELLED and soon.late_cancellation is True
