"""The expected cost of a request before it is confirmed, and of a booking."""

from datetime import date
from decimal import Decimal

import pytest

from billing.services import estimate_booking_cost
from bookings.requests import BookingRequest
from tests.billing.conftest import brussels, requester_tariff
from tests.factories import BookingFactory, TranslationFactory, language

pytestmark = pytest.mark.django_db


def test_a_request_is_estimated_with_the_tariff_of_its_day(clean_tariffs):
    requester_tariff(valid_from=date(2026, 1, 1), valid_until=date(2026, 6, 30))
    requester_tariff(valid_from=date(2026, 7, 1), hourly_rate=Decimal("60.00"))
    request = BookingRequest(
        kind="interpreting",
        language=language("ara"),
        mode="on_site",
        starts_at=brussels(2026, 7, 1, 9),
        duration_minutes=75,
    )

    estimate = estimate_booking_cost(request)

    assert estimate.total == Decimal("75.00")
    assert estimate.excludes_travel is True


def test_a_short_booking_is_estimated_at_the_minimum(clean_tariffs):
    requester_tariff(mode="phone", valid_from=date(2018, 1, 1))
    booking = BookingFactory(mode="phone", duration_minutes=30, starts_at=brussels(2026, 3, 3, 9))

    estimate = estimate_booking_cost(booking)

    assert estimate.total == Decimal("56.00")
    assert estimate.excludes_travel is False


def test_a_translation_is_estimated_by_words_with_its_minimum(clean_tariffs):
    requester_tariff(kind="translation", valid_from=date(2018, 1, 1), sworn_supplement=Decimal("25.00"))

    assert estimate_booking_cost(TranslationFactory(word_count=100)).total == Decimal("32.00")
    assert estimate_booking_cost(TranslationFactory(word_count=500, certified=True)).total == Decimal("105.00")


def test_no_tariff_gives_no_estimate_rather_than_zero(clean_tariffs):
    assert estimate_booking_cost(BookingFactory()) is None
