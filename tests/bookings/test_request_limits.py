"""validate_booking_request keeps dates, durations, word counts and texts within bounds."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from bookings.models import Kind
from bookings.requests import MAX_WORD_COUNT, TEXT_LIMITS, BookingRequest, booking_horizon, validate_booking_request
from interpreters.models import Mode
from languages.models import Language

pytestmark = pytest.mark.django_db


def interpreting(now, **fields):
    base = {"kind": Kind.INTERPRETING, "language": Language.objects.get(code="ara"), "mode": Mode.PHONE}
    return BookingRequest(**(base | {"starts_at": now + timedelta(days=3), "duration_minutes": 60} | fields))


def translation(now, **fields):
    base = {"kind": Kind.TRANSLATION, "language": Language.objects.get(code="ara")}
    base |= {"target_language": Language.objects.get(code="nld"), "deadline": now + timedelta(days=3)}
    return BookingRequest(**(base | fields))


def errors_of(request, now) -> dict:
    with pytest.raises(ValidationError) as caught:
        validate_booking_request(request, now=now)
    return caught.value.message_dict


def test_a_start_on_the_horizon_is_valid_and_a_minute_past_it_is_not(now, settings):
    settings.TOLK_BOOKING_HORIZON_DAYS = 30
    assert booking_horizon(now) == now + timedelta(days=30)
    validate_booking_request(interpreting(now, starts_at=now + timedelta(days=30)), now=now)
    late = interpreting(now, starts_at=now + timedelta(days=30, minutes=1))
    assert "30 dagen" in errors_of(late, now)["starts_at"][0]


def test_a_deadline_past_the_horizon_is_refused(now):
    assert "deadline" in errors_of(translation(now, deadline=now.replace(year=9999)), now)


def test_a_word_count_above_the_limit_is_refused(now):
    validate_booking_request(translation(now, word_count=MAX_WORD_COUNT), now=now)
    assert "word_count" in errors_of(translation(now, word_count=MAX_WORD_COUNT + 1), now)


def test_each_text_longer_than_its_limit_is_refused(now):
    request = interpreting(now, **{name: "x" * (limit + 1) for name, limit in TEXT_LIMITS.items()})
    assert set(TEXT_LIMITS) <= set(errors_of(request, now))


def test_a_text_at_its_limit_is_valid(now):
    validate_booking_request(interpreting(now, notes="x" * TEXT_LIMITS["notes"]), now=now)
