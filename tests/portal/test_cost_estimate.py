"""Requesters see the expected cost before they submit, and the cost of a booking on its page."""

from django.urls import reverse

from bookings.models import Status
from tests.factories import BookingFactory, InterpreterFactory


def test_the_booking_form_asks_for_a_live_estimate_of_interpreting(client_in):
    page = client_in.get(reverse("requester_booking_new")).content.decode()
    assert f'data-url="{reverse("billing:request_estimate")}"' in page
    assert 'data-kind="interpreting"' in page
    assert "js/cost_estimate.js" in page


def test_the_translation_form_asks_for_a_live_estimate_of_a_translation(client_in):
    page = client_in.get(reverse("requester_translation_new")).content.decode()
    assert 'data-kind="translation"' in page
    assert "js/cost_estimate.js" in page


def test_the_estimate_of_a_request_being_typed_prices_it_with_the_current_tariff(client_in, next_week):
    # 90 minutes by phone at EUR 56 an hour (the seeded tariff since 2018): EUR 84.00.
    response = client_in.get(
        reverse("billing:request_estimate"),
        {"kind": "interpreting", "mode": "phone", "duration_minutes": 90, "date": next_week.isoformat()},
    )
    assert response.status_code == 200
    assert "84.00" in response.content.decode() or "84,00" in response.content.decode()


def test_an_open_booking_shows_its_expected_cost_and_a_completed_one_links_to_its_price(client_in, organisation):
    open_booking = BookingFactory(organisation=organisation)
    page = client_in.get(reverse("requester_booking_detail", args=[open_booking.pk])).content.decode()
    assert reverse("billing:booking_estimate", args=[open_booking.pk]) in page

    done = BookingFactory(organisation=organisation, status=Status.COMPLETED, interpreter=InterpreterFactory())
    page = client_in.get(reverse("requester_booking_detail", args=[done.pk])).content.decode()
    assert reverse("billing:job_detail", args=[done.pk]) in page
    assert reverse("billing:booking_estimate", args=[done.pk]) not in page
