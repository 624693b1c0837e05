"""A variety given only as text (no ISO code) shows on the booking's pages."""

import pytest
from django.urls import reverse

from tests.factories import BookingFactory, StaffFactory, language


@pytest.fixture
def booking_with_variety_text(organisation, user):
    return BookingFactory(organisation=organisation, requested_by=user, variety_text="Rifijns", variety=None)


def test_the_requester_page_shows_a_variety_given_only_as_text(client_in, booking_with_variety_text):
    response = client_in.get(reverse("requester_booking_detail", args=[booking_with_variety_text.pk]))

    assert response.status_code == 200
    assert "Rifijns" in response.content.decode()


def test_the_requester_page_shows_the_variety_name_without_text(client_in, organisation, user):
    booking = BookingFactory(organisation=organisation, requested_by=user, variety=language("ary"))

    response = client_in.get(reverse("requester_booking_detail", args=[booking.pk]))

    assert response.status_code == 200
    assert booking.variety.name in response.content.decode()


def test_the_staff_desk_shows_a_variety_given_only_as_text(client, booking_with_variety_text):
    client.force_login(StaffFactory())

    response = client.get(reverse("staff_booking_desk", args=[booking_with_variety_text.pk]))

    assert response.status_code == 200
    assert "Rifijns" in response.content.decode()
