"""Every endpoint refuses anonymous callers, and a requester of another organisation never sees a booking."""

import pytest

from bookings.models import Booking, Status
from tests.factories import BookingFactory, OfferFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("delete", "/api/v1/token/"),
    ("delete", "/api/v1/tokens/someone/"),
    ("get", "/api/v1/me/"),
    ("get", "/api/v1/regions/"),
    ("get", "/api/v1/languages/"),
    ("get", "/api/v1/bookings/"),
    ("post", "/api/v1/bookings/"),
    ("get", "/api/v1/bookings/{booking}/"),
    ("post", "/api/v1/bookings/{booking}/cancel/"),
    ("post", "/api/v1/bookings/{booking}/assign/"),
    ("post", "/api/v1/bookings/{booking}/complete/"),
    ("get", "/api/v1/offers/"),
    ("post", "/api/v1/offers/{offer}/accept/"),
    ("post", "/api/v1/offers/{offer}/decline/"),
    ("get", "/api/v1/calendar/"),
    ("get", "/api/v1/reports/2025/"),
]


@pytest.fixture
def booking(organisation, interpreter):
    return BookingFactory(organisation=organisation, status=Status.CONFIRMED, interpreter=interpreter)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_anonymous_callers_get_401_everywhere(anonymous_api, booking, interpreter, method, path):
    offer = OfferFactory(interpreter=interpreter)
    response = getattr(anonymous_api, method)(path.format(booking=booking.pk, offer=offer.pk), {}, format="json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("action", ["", "cancel/", "assign/", "complete/"])
def test_a_requester_of_another_organisation_gets_404_for_every_booking_action(other_requester_api, booking, action):
    method = other_requester_api.get if not action else other_requester_api.post
    body = {"reason": "x", "interpreter": booking.interpreter_id, "actual_minutes": 60, "travel_km": 1}
    assert method(f"/api/v1/bookings/{booking.pk}/{action}", body, format="json").status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == Status.CONFIRMED


def test_staff_get_an_empty_calendar(staff_api, booking):
    response = staff_api.get("/api/v1/calendar/")
    assert response.status_code == 200
    assert "BEGIN:VCALENDAR" in response.content.decode()
    assert "BEGIN:VEVENT" not in response.content.decode()
