"""The booking form works with the keyboard alone, and its errors are tied to their fields."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking
from interpreters.models import Mode
from tests.e2e.conftest import check_page, login
from tests.factories import OrganisationFactory, requester

# Matching runs eagerly in the live server here (tests/settings.py); the journeys use a real worker.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
MAX_TABS = 60


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.getAttribute('aria-label') || ''")


def tab_to(page, target: str, visited: list[str]) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = focused(page)
        visited.append(current)
        if current == target:
            return
    raise AssertionError(f"Tab never reached {target}; focus went {visited}")


def date_keys(page, day) -> str:
    """The digits to type into a date field, in the order this Chromium shows its parts: headless Chromium keeps
    month/day/year whatever the page's locale. Found on a page of its own, so the form's count is not touched."""
    probe = page.context.new_page()
    probe.set_content('<input type="date" id="probe">')
    probe.focus("#probe")
    probe.keyboard.type("01022026")
    day_first = probe.input_value("#probe") == "2026-02-01"
    probe.close()
    return day.strftime("%d%m%Y" if day_first else "%m%d%Y")


class Keyboard:
    """The page's keyboard, counting what the requester does: each key pressed and each text typed is one
    interaction, and every field that gets the focus is one field."""

    def __init__(self, page):
        self.page, self.interactions, self.fields = page, [], []

    def _after(self, what: str) -> None:
        self.interactions.append(what)
        current = focused(self.page)
        if current.startswith("id_") and current not in self.fields:
            self.fields.append(current)

    def press(self, key: str, *, submits: bool = False) -> None:
        self.page.keyboard.press(key)
        if submits:  # the page goes away: no focus to read on it
            self.interactions.append(key)
            self.page.wait_for_load_state()
            return
        self._after(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self._after(f"type {text!r}")


MAX_FIELDS, MAX_INTERACTIONS = 8, 11  # issue #21: at most 8 fields and under 12 interactions


def test_a_requester_books_the_common_request_with_the_keyboard_in_few_fields_and_keys(new_page):
    """On site (chosen), a language, an address and postcode, a date, a start and the usual hour (as it stands):
    typed, Tab, Enter. Seven fields, five of them typed in, eleven interactions."""
    organisation = OrganisationFactory()
    user = requester(organisation, username="toetsenbord")
    page = new_page(locale="nl-BE")
    login(page, user.username)
    page.goto("/bookings/new/interpreter/")
    assert focused(page) == "id_language"  # the form starts where a new request does (on site is chosen)
    assert page.locator("#id_mode_0").is_checked() and page.locator("#id_duration_minutes").input_value() == "60"

    keys = Keyboard(page)
    keys.fields.append(focused(page))
    day = timezone.localdate() + timedelta(days=9)
    keys.type("Tigrinja")  # an alias of Tigrinya: the server reads it
    keys.press("Tab")
    assert focused(page) == "id_address"
    keys.type("Kolonel Dusartplein 1")
    keys.press("Tab")
    keys.type("3500")
    keys.press("Tab")
    assert focused(page) == "id_date"
    keys.type(date_keys(page, day))
    assert page.locator("#id_date").input_value() == day.isoformat()
    keys.press("Tab")  # Chromium: from the year to the date's picker
    keys.press("Tab")
    assert focused(page) == "id_start_time"
    keys.type("1400")
    assert page.locator("#id_start_time").input_value() == "14:00"
    keys.press("Enter", submits=True)  # sends the request; the duration stays an hour, as it says

    page.get_by_text("is ingediend").wait_for()
    booking = Booking.objects.get(organisation=organisation)
    assert page.url.endswith(f"/bookings/{booking.pk}/")  # the booking's own page, confirming it
    assert keys.fields == ["id_language", "id_address", "id_postcode", "id_date", "id_start_time"]
    assert len(keys.fields) <= MAX_FIELDS and len(keys.interactions) <= MAX_INTERACTIONS, keys.interactions
    assert (booking.mode, booking.language_id, booking.duration_minutes) == (Mode.ON_SITE, "tir", 60)
    assert timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 14:00"
    assert (booking.address, booking.postcode, booking.requested_by) == ("Kolonel Dusartplein 1", "3500", user)
    assert page.get_by_text("Tigrinya").first.is_visible()


def test_the_skip_link_comes_first_and_the_language_suggests_while_typing(new_page):
    user = requester(OrganisationFactory(), username="zoektaal")
    page = new_page()
    login(page, user.username)
    page.goto("/bookings/new/interpreter/?language=ara")  # chosen already (book again): nothing is focused first
    assert page.locator("#id_language").input_value() == "Arabisch"
    visited: list[str] = []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"  # skip link first
    page.keyboard.press("Enter")
    tab_to(page, "id_language", visited)
    page.keyboard.type("kurd")
    page.locator('#id_language_list option[value="Koerdisch"]').wait_for(state="attached")  # not on the list
    values = page.evaluate("Array.from(document.querySelectorAll('#id_language_list option'), o => o.value)")
    assert {"Koerdisch (Kurmanji)", "Koerdisch (Sorani)", "Koerdisch"} <= set(values)
    assert "Arabisch" not in values  # the service's list gave way to what matches


def test_errors_on_the_booking_form_are_announced_with_their_field(new_page):
    user = requester(OrganisationFactory(), username="foutje")
    page = new_page()
    login(page, user.username)
    page.goto("/bookings/new/interpreter/")
    page.locator("#id_duration_minutes").fill("10")
    page.get_by_role("button", name="Aanvraag indienen").click()
    page.wait_for_load_state()

    check_page(page, "requester-booking-form-errors")
    for name in ("language", "date", "start_time", "duration_minutes"):
        control = page.locator(f"#id_{name}")
        assert control.get_attribute("aria-invalid") == "true"
        described = control.get_attribute("aria-describedby").split()
        error = page.locator(f"#{described[-1]}")
        assert error.is_visible() and error.inner_text().strip(), f"{name} has no visible error tied to it"
    assert "minstens 30 minuten" in page.locator("#id_duration_minutes_error").inner_text()
    assert page.locator("#id_duration_minutes").input_value() == "10"  # what was typed stays
