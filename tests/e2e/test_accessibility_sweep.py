"""Beyond the journeys: the other pages of each role pass axe-core and fit a 375 px phone, in all three languages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Status
from tests.e2e.conftest import PHONE_WIDTH, check_page, login
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OrganisationFactory,
    StaffFactory,
    TranslationFactory,
    requester,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


def visit_all(page, prefix: str, urls: list[str]) -> None:
    for url in urls:
        page.goto(url)
        assert page.locator("h1").count() >= 1, f"{url} has no main heading"
        check_page(page, f"sweep-{prefix}-{url.strip('/').replace('/', '-') or 'home'}")


def test_requester_pages_in_french_pass_axe_and_fit_a_phone(new_page):
    organisation = OrganisationFactory()
    user = requester(organisation, username="demandeur")
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    done = BookingFactory(
        organisation=organisation,
        status=Status.COMPLETED,
        interpreter=interpreter,
        starts_at=timezone.now() - timedelta(days=2),
    )
    translation = TranslationFactory(organisation=organisation)
    page = new_page(width=PHONE_WIDTH, locale="fr-BE")
    login_fr(page, user.username)
    assert page.locator("html").get_attribute("lang") == "fr"
    visit_all(
        page,
        "requester-fr",
        [
            "/",
            reverse("requester_booking_list"),
            reverse("requester_translation_new"),
            reverse("requester_booking_detail", args=[translation.pk]),
            reverse("requester_booking_detail", args=[done.pk]),
            reverse("feedback_give", args=[done.pk]),
            reverse("billing:job_costs"),
            reverse("billing:statement_list"),
            reverse("accounts:notifications"),
        ],
    )


def test_interpreter_pages_in_english_pass_axe_and_fit_a_phone(new_page):
    interpreter = InterpreterFactory(languages={"ara": "certified"}, user__username="interpreter.en")
    page = new_page(width=PHONE_WIDTH, locale="en-GB")
    login_en(page, interpreter.user.username)
    assert page.locator("html").get_attribute("lang") == "en"
    visit_all(
        page,
        "interpreter-en",
        [
            reverse("interpreter_offers"),
            reverse("interpreter_translations"),
            reverse("interpreter_availability"),
            reverse("interpreters:profile"),
            reverse("billing:statement_list"),
        ],
    )


def test_staff_pages_pass_axe_and_fit_a_phone(new_page):
    staff = StaffFactory(username="planner.sweep")
    BookingFactory(status=Status.UNFILLED, starts_at=timezone.now() + timedelta(days=1))
    page = new_page(width=PHONE_WIDTH)
    login(page, staff.username)
    visit_all(
        page,
        "staff",
        [
            reverse("staff_booking_list"),
            reverse("complaint_list"),
            reverse("reporting:statistics"),
            reverse("billing:tariff_list"),
            reverse("billing:statement_list"),
            reverse("billing:unpriced_list"),
            reverse("staff_failed_messages"),
        ],
    )


def login_fr(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("secret-pw-123")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def login_en(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("secret-pw-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_choosing_a_language_in_the_menu_and_pressing_its_button_switches_the_portal(new_page):
    user = requester(OrganisationFactory(), username="meertalig")
    page = new_page()
    login(page, user.username)
    assert page.get_by_role("link", name="Tolk boeken").first.is_visible()

    page.get_by_label("Taal").select_option("fr")
    assert page.locator("html").get_attribute("lang") == "nl"  # choosing does not submit (WCAG 3.2.2)
    page.get_by_role("button", name="Kies").click()
    page.get_by_role("link", name="Réserver un interprète").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    check_page(page, "requester-dashboard-fr")

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Choisir").click()
    page.get_by_role("link", name="Book an interpreter").first.wait_for()
    page.goto(reverse("requester_booking_new"))
    assert page.get_by_label("Client's language").count() == 1
