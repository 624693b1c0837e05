from datetime import timedelta

import pytest

from bookings.models import Booking, OfferStatus, Status
from tests.api.conftest import client_for
from tests.factories import InterpreterFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(interpreter):
    return OfferFactory(interpreter=interpreter, distance_km=12.5)


def test_an_interpreter_lists_its_open_offers(interpreter_api, interpreter, offer, now):
    OfferFactory(interpreter=interpreter, status=OfferStatus.DECLINED)
    OfferFactory(interpreter=interpreter, expires_at=now - timedelta(minutes=1))
    OfferFactory()  # someone else's
    body = interpreter_api.get("/api/v1/offers/").json()
    assert [row["id"] for row in body["results"]] == [offer.pk]
    row = body["results"][0]
    assert row["booking"] == offer.booking_id
    assert row["distance_km"] == 12.5
    assert row["language"] == "ara"
    assert row["mode"] == "on_site"
    assert row["postcode"] == "3500"
    assert {"expires_at", "starts_at", "duration_minutes", "municipality"} <= set(row)


@pytest.mark.parametrize(("caller", "expected"), [("requester_api", 403), ("staff_api", 403), ("anonymous_api", 401)])
def test_only_interpreters_have_offers(request, caller, expected):
    assert request.getfixturevalue(caller).get("/api/v1/offers/").status_code == expected


def test_accepting_confirms_the_booking(interpreter_api, interpreter, offer):
    response = interpreter_api.post(f"/api/v1/offers/{offer.pk}/accept/")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["interpreter"] == interpreter.pk
    assert Booking.objects.get(pk=offer.booking_id).status == Status.CONFIRMED


def test_accepting_an_offer_someone_else_took_is_409(interpreter_api, interpreter, offer):
    rival = OfferFactory(booking=offer.booking)
    assert client_for(rival.interpreter.user).post(f"/api/v1/offers/{rival.pk}/accept/").status_code == 200
    response = interpreter_api.post(f"/api/v1/offers/{offer.pk}/accept/")
    assert response.status_code == 409
    assert response.json()["detail"]
    assert Booking.objects.get(pk=offer.booking_id).interpreter == rival.interpreter


def test_accepting_an_expired_offer_is_409(interpreter_api, interpreter, now):
    offer = OfferFactory(interpreter=interpreter, expires_at=now - timedelta(seconds=1))
    assert interpreter_api.post(f"/api/v1/offers/{offer.pk}/accept/").status_code == 409


def test_another_interpreters_offer_is_404(offer):
    other = client_for(InterpreterFactory().user)
    assert other.post(f"/api/v1/offers/{offer.pk}/accept/").status_code == 404
    assert other.post(f"/api/v1/offers/{offer.pk}/decline/").status_code == 404


@pytest.mark.parametrize("caller", ["requester_api", "staff_api"])
def test_other_roles_may_not_accept_offers(request, caller, offer):
    assert request.getfixturevalue(caller).post(f"/api/v1/offers/{offer.pk}/accept/").status_code == 403


def test_declining_with_a_reason(interpreter_api, offer):
    response = interpreter_api.post(f"/api/v1/offers/{offer.pk}/decline/", {"reason": "Op vakantie"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    offer.refresh_from_db()
    assert offer.decline_reason == "Op vakantie"


def test_declining_without_a_reason(interpreter_api, offer):
    assert interpreter_api.post(f"/api/v1/offers/{offer.pk}/decline/").status_code == 200


def test_declining_an_offer_that_is_no_longer_open_is_409(interpreter_api, offer):
    interpreter_api.post(f"/api/v1/offers/{offer.pk}/decline/")
    assert interpreter_api.post(f"/api/v1/offers/{offer.pk}/decline/").status_code == 409


@pytest.mark.parametrize("count", [1, 6])
def test_the_offer_list_makes_the_same_few_queries_whatever_its_length(
    interpreter_api, interpreter, count, django_assert_num_queries
):
    OfferFactory.create_batch(count, interpreter=interpreter)
    # token with its user, the caller's interpreter, the count, one page of offers with their bookings
    with django_assert_num_queries(4):
        assert len(interpreter_api.get("/api/v1/offers/").json()["results"]) == count
