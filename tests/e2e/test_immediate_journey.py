"""Journey: “Nu een tolk”. A requester asks for an Arabic video interpreter now; the offer reaches the present
interpreters' home pages within a second (and nobody else), one accepts, and both see the same meeting link."""

import time
from datetime import timedelta

from django.utils import timezone

from bookings.models import Booking, Offer, Status
from interpreters.presence import presence_set
from tests.e2e.conftest import E2E_MARKS, PHONE_WIDTH, check_page, field, login
from tests.factories import InterpreterFactory, OrganisationFactory, StaffFactory, requester
from tests.workers import wait_for

pytestmark = E2E_MARKS


def test_an_immediate_video_request_for_arabic_connects_a_present_interpreter(new_page, celery_worker, settings):
    settings.TOLK_VIDEO_BASE_URL = "https://meet.example.be/"
    taker = InterpreterFactory(languages={"ara": "certified"}, user__username="tolk.nu")
    other = InterpreterFactory(languages={"ara": "certified"}, user__username="tolk.ook.nu")
    presence_set(interpreter=other, available=True, until=timezone.now() + timedelta(hours=1))
    absent = InterpreterFactory(languages={"ara": "sworn"}, user__username="tolk.niet.nu")
    organisation = OrganisationFactory(name="OCMW Genk")
    caseworker = requester(organisation, username="maatschappelijk.werker")

    phone = new_page(width=PHONE_WIDTH, height=740)
    login(phone, taker.user.username)
    field(phone, "Beschikbaar tot").fill((timezone.localtime() + timedelta(hours=2)).strftime("%H:%M"))
    phone.get_by_role("button", name="Ik ben nu beschikbaar").click()
    phone.get_by_role("button", name="Niet meer beschikbaar").wait_for()
    check_page(phone, "interpreter-present")

    desk = new_page()
    login(desk, caseworker.username)
    desk.get_by_role("link", name="Nu een tolk").first.click()
    check_page(desk, "requester-immediate-form")
    field(desk, "Taal van de cliënt").fill("Arabisch")
    field(desk, "Via video").check()
    clicked = time.monotonic()
    desk.get_by_role("button", name="Zoek nu een tolk").click()
    wait_for(lambda: Offer.objects.filter(booking__immediate=True).exists(), "the first offers", seconds=10)
    offered_after = time.monotonic() - clicked
    desk.get_by_text("We zoeken een tolk die nu vrij is").wait_for()
    check_page(desk, "requester-immediate-waiting")

    booking = Booking.objects.get(immediate=True)
    offers = list(booking.offers.all())
    assert {offer.interpreter_id for offer in offers} == {taker.pk, other.pk}  # present ones only, not `absent`
    assert absent.pk not in {offer.interpreter_id for offer in offers}
    assert offered_after <= 1.0, f"offered {offered_after:.2f} s after the click"

    accept = phone.get_by_role("button", name=f"Aanvaarden {booking.reference}")
    accept.wait_for(timeout=5_000)  # the home page polls its offers: no reload
    check_page(phone, "interpreter-live-offer")
    accept.click()
    phone.get_by_text("Aanvaard: de opdracht staat in je agenda.").wait_for()
    check_page(phone, "interpreter-agenda-immediate")
    interpreter_link = phone.locator("a.join-link").first.get_attribute("href")

    desk.get_by_text("Verbonden:").wait_for(timeout=5_000)  # the requester's page polls its progress: no reload
    requester_link = desk.locator("#immediate-progress a.join-link").get_attribute("href")
    check_page(desk, "requester-immediate-connected")
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED and booking.interpreter == taker
    assert interpreter_link == requester_link == booking.join.href
    assert requester_link.startswith("https://meet.example.be/Tolkportaal-")
    wait_for(lambda: not other.offers.filter(status="open").exists(), "the other offer withdrawn")

    staff = new_page()
    login(staff, StaffFactory(username="planner.nu").username)
    staff.goto("/staff/presence/")
    check_page(staff, "staff-presence")
    assert str(other) in staff.locator("main").inner_text()
    assert str(taker) not in staff.locator("main").inner_text()  # the new job cleared the presence
