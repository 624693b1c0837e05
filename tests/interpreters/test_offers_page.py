from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import OfferStatus, Status
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, municipality

pytestmark = pytest.mark.django_db


def offer_for(interpreter, **booking_fields):
    booking = BookingFactory(status=Status.OFFERED, **booking_fields)
    return OfferFactory(booking=booking, interpreter=interpreter)


def test_offers_page_lists_own_open_offers_with_place_distance_and_expiry(interpreter_client, interpreter):
    offer = offer_for(interpreter, postcode="3000", municipality=municipality("3000"), sector="gezondheid")
    someone_elses = OfferFactory()
    expired = offer_for(interpreter)
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()

    response = interpreter_client.get(reverse("interpreter_offers"))

    html = response.content.decode()
    assert response.status_code == 200
    assert offer.booking.reference in html
    assert "Leuven" in html
    assert "km van huis" in html  # Hasselt (3500) → Leuven (3000) is about 55 km
    assert "Gezondheid" in html
    assert someone_elses.booking.reference not in html
    assert expired.booking.reference not in html


def test_offers_page_makes_the_same_number_of_queries_for_one_or_many_offers(interpreter_client, interpreter):
    offer_for(interpreter)
    with CaptureQueriesContext(connection) as one:
        interpreter_client.get(reverse("interpreter_offers"))
    for _ in range(4):
        offer_for(interpreter)
    with CaptureQueriesContext(connection) as five:
        response = interpreter_client.get(reverse("interpreter_offers"))

    assert response.content.decode().count("Aanbod weigeren") == 5
    assert len(five) == len(one) <= 8


def test_accepting_an_offer_confirms_the_booking(interpreter_client, interpreter):
    offer = offer_for(interpreter)

    response = interpreter_client.post(reverse("interpreter_offer_accept", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    offer.booking.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert offer.booking.status == Status.CONFIRMED
    assert offer.booking.interpreter == interpreter
    assert "Aanvaard" in response.content.decode()


def test_declining_with_a_reason_records_it(interpreter_client, interpreter):
    offer = offer_for(interpreter)
    other = OfferFactory(booking=offer.booking)  # keeps the round open, so no rematch runs

    interpreter_client.post(reverse("interpreter_offer_decline", args=[offer.pk]), {"reason": "Ziek"})

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert offer.decline_reason == "Ziek"
    other.refresh_from_db()
    assert other.status == OfferStatus.OPEN


@pytest.mark.parametrize("action", ["interpreter_offer_accept", "interpreter_offer_decline"])
def test_an_expired_offer_answers_clearly_and_changes_nothing(interpreter_client, interpreter, action):
    offer = offer_for(interpreter)
    offer.expires_at = timezone.now() - timedelta(minutes=5)
    offer.save()

    response = interpreter_client.post(reverse(action, args=[offer.pk]), follow=True)

    assert "verlopen" in response.content.decode()
    offer.refresh_from_db()
    offer.booking.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    assert offer.booking.status == Status.OFFERED


def test_an_offer_taken_by_someone_else_answers_clearly(interpreter_client, interpreter):
    offer = offer_for(interpreter)
    rival = OfferFactory(booking=offer.booking)
    client_of_rival = interpreter_client.__class__()
    client_of_rival.force_login(rival.interpreter.user)
    client_of_rival.post(reverse("interpreter_offer_accept", args=[rival.pk]))

    response = interpreter_client.post(reverse("interpreter_offer_accept", args=[offer.pk]), follow=True)

    assert "ingetrokken" in response.content.decode()
    offer.booking.refresh_from_db()
    assert offer.booking.interpreter == rival.interpreter


def test_another_interpreters_offer_is_404(interpreter_client):
    offer = OfferFactory(interpreter=InterpreterFactory())

    assert interpreter_client.post(reverse("interpreter_offer_accept", args=[offer.pk])).status_code == 404
    assert interpreter_client.post(reverse("interpreter_offer_decline", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_accepting_needs_a_post(interpreter_client, interpreter):
    offer = offer_for(interpreter)

    assert interpreter_client.get(reverse("interpreter_offer_accept", args=[offer.pk])).status_code == 405
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN


def test_interpreter_pages_are_404_for_a_requester(client):
    from tests.factories import requester

    client.force_login(requester())

    for name in ["interpreter_offers", "interpreter_agenda", "interpreter_translations"]:
        assert client.get(reverse(name)).status_code == 404, name
