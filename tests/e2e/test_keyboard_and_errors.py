"""The booking form works with the keyboard alone, and its errors are tied to their fields."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking
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


def type_date(page, selector: str, day) -> None:
    """Type a date into Chromium's date field, whose order (dd/mm or mm/dd) follows the browser's UI language."""
    for order in ("%m%d%Y", "%d%m%Y"):
        page.keyboard.type(day.strftime(order))
        if page.locator(selector).input_value() == day.isoformat():
            return
        for _ in range(2):
            page.keyboard.press("Shift+Tab")  # back to the first segment (day or month)
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
    raise AssertionError(f"could not type {day} into {selector}: {page.locator(selector).input_value()}")


def test_a_requester_books_an_interpreter_with_the_keyboard_alone(new_page):
    organisation = OrganisationFactory()
    user = requester(organisation, username="toetsenbord")
    page = new_page()
    login(page, user.username)
    page.goto("/bookings/new/interpreter/")

    visited: list[str] = []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Naar de inhoud"  # skip link first
    page.keyboard.press("Enter")
    tab_to(page, "id_mode_0", visited)  # "on site" is already chosen
    tab_to(page, "Zoek een taal", visited)
    page.keyboard.type("Arabisch")
    tab_to(page, "id_language", visited)
    assert page.locator("#id_language").input_value() == "ara"
    day = timezone.localdate() + timedelta(days=9)
    tab_to(page, "id_date", visited)
    type_date(page, "#id_date", day)
    tab_to(page, "id_start_time", visited)
    page.keyboard.type("1400")
    tab_to(page, "id_address", visited)
    page.keyboard.type("Kolonel Dusartplein 1")
    tab_to(page, "id_postcode", visited)
    page.keyboard.type("3500")
    page.keyboard.press("Enter")  # submits the form

    page.get_by_text("is ingediend").wait_for()
    booking = Booking.objects.get(organisation=organisation)
    assert timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M") == f"{day.isoformat()} 14:00"
    assert booking.address == "Kolonel Dusartplein 1"
    assert visited.index("id_date") < visited.index("id_start_time") < visited.index("id_duration_minutes")


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
