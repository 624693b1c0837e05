"""The booking desk for a real day: candidates with their offer's state, a free search of every active interpreter
with the rules each fails, assigning outside the candidates with a logged reason, phone numbers, and offering
to a hand-picked list."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from bookings.models import Offer, OfferStatus, Status
from matching.offers import OfferUnavailable, offer_accept
from matching.rounds import offers_to_chosen
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, StaffFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return StaffFactory(username="planner.jo")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def desk(client, booking, **params):
    response = client.get(reverse("staff_booking_desk", args=[booking.pk]), params)
    assert response.status_code == 200
    return response


def test_candidates_holding_open_offers_are_shown_with_their_state_not_as_nobody(staff_client, now):
    booking = BookingFactory(status=Status.OFFERED, starts_at=now + timedelta(days=3))
    holders = [InterpreterFactory(languages={"ara": "certified"}) for _ in range(3)]
    for interpreter in holders:
        OfferFactory(booking=booking, interpreter=interpreter, expires_at=now + timedelta(hours=3))
    declined = InterpreterFactory(languages={"ara": "certified"})
    OfferFactory(booking=booking, interpreter=declined, status=OfferStatus.DECLINED, decline_reason="op vakantie")
    free = InterpreterFactory(languages={"ara": "trained"})
    response = desk(staff_client, booking)
    page = response.content.decode()
    assert "Niemand voldoet aan alle harde regels" not in page
    states = {c.interpreter: (c.offer.status if c.offer else "available") for c in response.context["candidates"]}
    assert states == {**{i: "open" for i in holders}, declined: "declined", free: "available"}
    assert page.count("Open aanbod tot") == 3 and "Geweigerd" in page and "op vakantie" in page
    assert "Beschikbaar" in page
    assert not response.context["exclusions"], "who had the offer is a candidate, not an exclusion"


def test_the_desk_shows_the_interpreters_phone_numbers(staff_client):
    booking = BookingFactory(status=Status.UNFILLED)
    InterpreterFactory(languages={"ara": "certified"}, phone="+32 470 12 34 56")
    assert 'href="tel:+32 470 12 34 56"' in desk(staff_client, booking).content.decode()


@pytest.fixture
def wolof(now):
    """An unfilled Wolof request nobody holds; a French-speaking interpreter who might help."""
    booking = BookingFactory(status=Status.UNFILLED, language_id="wol", starts_at=now + timedelta(days=2))
    french = InterpreterFactory(
        languages={"fra": "certified"},
        user__first_name="Awa",
        user__last_name="Ndiaye",
        phone="0486 11 22 33",
        municipality=municipality("2000"),
    )
    return booking, french


@pytest.mark.parametrize("query", ["Ndiaye", "awa ndiaye", "fra", "Frans", "2000"])
def test_the_free_search_finds_any_active_interpreter_by_name_language_or_postcode(staff_client, wolof, query):
    booking, french = wolof
    InterpreterFactory(
        languages={"fra": "sworn"}, user__last_name="Ndiaye", is_active=False, municipality=municipality("2000")
    )
    results = desk(staff_client, booking, q=query).context["search_results"]
    assert [r.interpreter for r in results] == [french]


def test_the_search_shows_every_hard_rule_each_interpreter_fails(staff_client, wolof):
    booking, french = wolof
    french.offers_on_site = False
    french.save()
    response = desk(staff_client, booking, q="Ndiaye")
    [result] = response.context["search_results"]
    # Antwerp to Hasselt is some 70 km, beyond the 60 km this interpreter travels
    assert result.failures == ["Tolkt deze taal niet (geldig op de datum)", "Biedt deze modus niet aan", "Woont te ver"]
    page = response.content.decode()
    assert "Biedt deze modus niet aan" in page and 'href="tel:0486 11 22 33"' in page


def test_a_search_hit_who_passes_every_rule_says_so(staff_client):
    booking = BookingFactory(status=Status.UNFILLED)
    InterpreterFactory(languages={"ara": "certified"}, user__last_name="Haddad")
    [result] = desk(staff_client, booking, q="Haddad").context["search_results"]
    assert result.failures == []


def assign(client, booking, interpreter, reason=""):
    url = reverse("staff_booking_assign", args=[booking.pk])
    return client.post(url, {"interpreter": interpreter.pk, "override_reason": reason}, follow=True)


def test_assigning_outside_the_candidates_needs_a_reason(staff_client, wolof):
    booking, french = wolof
    page = assign(staff_client, booking, french).content.decode()
    assert "Geef een reden om toch toe te wijzen" in page
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED and booking.interpreter is None


def test_assigning_outside_the_candidates_with_a_reason_is_logged_with_who_which_rules_and_why(staff_client, wolof):
    booking, french = wolof
    assign(staff_client, booking, french, reason="cliënt spreekt ook Frans")
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED and booking.interpreter == french
    note = booking.history.get(to_status=Status.CONFIRMED).note_text
    assert "planner.jo" in note and "Tolkt deze taal niet" in note and "cliënt spreekt ook Frans" in note
    assert "cliënt spreekt ook Frans" in desk(staff_client, booking).content.decode()


def test_the_api_asks_the_same_reason_outside_the_candidates(staff, wolof):
    booking, french = wolof
    api = APIClient()
    api.force_authenticate(staff)
    url = f"/api/v1/bookings/{booking.pk}/assign/"
    refused = api.post(url, {"interpreter": french.pk}, format="json")
    assert refused.status_code == 400 and "interpreter" in refused.json()
    accepted = api.post(url, {"interpreter": french.pk, "override_reason": "Frans volstaat"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"


def test_offering_to_a_hand_picked_list_makes_a_round_for_those_who_may_get_it(staff_client, staff, now):
    booking = BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(days=3))
    first, second = (InterpreterFactory(languages={"ara": "certified"}) for _ in range(2))
    declined = InterpreterFactory(languages={"ara": "certified"})
    OfferFactory(booking=booking, interpreter=declined, status=OfferStatus.DECLINED)
    no_arabic = InterpreterFactory(languages={"fra": "certified"})
    url = reverse("staff_booking_offer", args=[booking.pk])
    chosen = [first.pk, second.pk, declined.pk, no_arabic.pk]
    page = staff_client.post(url, {"interpreters": chosen}, follow=True).content.decode()
    opened = Offer.objects.filter(booking=booking, status=OfferStatus.OPEN)
    assert {offer.interpreter for offer in opened} == {first, second}
    assert "Aanbod verstuurd naar" in page and str(no_arabic) in page and str(declined) in page
    booking.refresh_from_db()
    assert booking.status == Status.OFFERED
    assert "Aanbod door planner.jo aan een gekozen lijst." in booking.history.latest("at").note_text
    # first accept wins, as with every offer
    offer_accept(offer=opened.get(interpreter=second))
    with pytest.raises(OfferUnavailable):
        offer_accept(offer=Offer.objects.get(booking=booking, interpreter=first))
    booking.refresh_from_db()
    assert booking.interpreter == second


def test_offering_to_nobody_who_may_get_it_is_refused_and_changes_nothing(staff, now):
    booking = BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(days=3))
    with pytest.raises(ValidationError):
        offers_to_chosen(booking=booking, interpreters=[InterpreterFactory(languages={"fra": "sworn"})], by=staff)
    assert not booking.offers.exists()
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED


def queries(client, booking, params):
    with CaptureQueriesContext(connection) as captured:
        desk(client, booking, **params)
    return len(captured)


def test_the_desk_with_a_search_makes_the_same_number_of_queries_whatever_it_finds(staff_client, now):
    booking = BookingFactory(status=Status.OFFERED, starts_at=now + timedelta(days=3))

    def add_people():
        OfferFactory(booking=booking, interpreter=InterpreterFactory(languages={"ara": "certified"}))
        InterpreterFactory(languages={"ara": "certified", "fra": "trained"}, user__last_name="Peeters")
        InterpreterFactory(languages={"fra": "trained"}, user__last_name="Peeters")

    add_people()
    few = queries(staff_client, booking, {"q": "Peeters"})
    for _ in range(5):
        add_people()
    assert queries(staff_client, booking, {"q": "Peeters"}) == few
