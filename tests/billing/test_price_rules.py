"""The price rules at their edges, as a table: pure functions, no database."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from billing.pricing import JobFacts, billed_minutes, interpreter_lines, requester_lines, total

RECENT = SimpleNamespace(
    hourly_rate=Decimal("56.00"),
    minimum_minutes=60,
    increment_minutes=15,
    first_block_minutes=0,
    first_block_price=Decimal("0"),
    increment_price=Decimal("0"),
    km_rate=Decimal("0.33"),
    max_km=150,
    late_cancellation_charge=Decimal("56.00"),
    word_rate=Decimal("0.16"),
    translation_minimum=Decimal("32.00"),
    sworn_supplement=Decimal("25.00"),
)
PRACTICE_2017 = SimpleNamespace(
    **{
        **vars(RECENT),
        "hourly_rate": Decimal("0"),
        "first_block_minutes": 60,
        "first_block_price": Decimal("8.00"),
        "increment_price": Decimal("2.00"),
        "km_rate": Decimal("0"),
    }
)
FEES = SimpleNamespace(
    hourly_fee=Decimal("40.00"),
    km_allowance=Decimal("0.33"),
    max_km=150,
    word_fee=Decimal("0.11"),
    late_cancellation_fee=Decimal("40.00"),
)


@pytest.mark.parametrize(
    ("booked", "actual", "expected"),
    [
        (60, None, 60),  # exactly the minimum
        (30, None, 60),  # shorter than the minimum: the minimum
        (60, 60, 60),
        (60, 61, 75),  # one minute over an increment: the next increment
        (75, None, 75),  # exactly on an increment
        (60, 95, 105),  # actual longer than booked
        (90, 40, 90),  # actual shorter than booked: the booked time
        (120, 0, 120),
    ],
)
def test_billed_duration_is_the_longer_of_booked_and_actual_rounded_up_at_least_the_minimum(booked, actual, expected):
    assert billed_minutes(booked=booked, actual=actual, minimum=60, increment=15) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (JobFacts(kind="interpreting", booked_minutes=60), "56.00"),  # exactly the minimum
        (JobFacts(kind="interpreting", booked_minutes=30), "56.00"),
        (JobFacts(kind="interpreting", booked_minutes=60, actual_minutes=61), "70.00"),  # 75 min
        (JobFacts(kind="interpreting", booked_minutes=60, actual_minutes=95), "98.00"),  # 105 min
        (JobFacts(kind="interpreting", booked_minutes=90, actual_minutes=40), "84.00"),  # 90 min
        (JobFacts(kind="interpreting", booked_minutes=60, on_site=True, travel_km=10), "59.30"),
        (JobFacts(kind="interpreting", booked_minutes=60, on_site=True, travel_km=150), "105.50"),  # at the cap
        (JobFacts(kind="interpreting", booked_minutes=60, on_site=True, travel_km=151), "105.50"),  # over the cap
        (JobFacts(kind="interpreting", booked_minutes=60, on_site=False, travel_km=40), "56.00"),  # phone: no travel
        (JobFacts(kind="interpreting", booked_minutes=120, late_cancellation=True), "56.00"),
        (JobFacts(kind="translation", word_count=100), "32.00"),  # under the minimum
        (JobFacts(kind="translation", word_count=200), "32.00"),  # exactly the minimum
        (JobFacts(kind="translation", word_count=201), "32.16"),  # just over it
        (JobFacts(kind="translation", word_count=1000), "160.00"),
        (JobFacts(kind="translation", word_count=1000, certified=True), "185.00"),  # sworn supplement
        (JobFacts(kind="translation", word_count=50, certified=True), "57.00"),
    ],
)
def test_requester_price_at_the_edges_of_the_recent_tariff(facts, expected):
    assert total(requester_lines(facts, RECENT)) == Decimal(expected)


@pytest.mark.parametrize(
    ("booked", "actual", "expected"),
    [
        (60, None, "8.00"),  # the first hour
        (30, None, "8.00"),  # the minimum is the first hour
        (60, 61, "10.00"),  # one minute into the next quarter hour
        (75, None, "10.00"),
        (76, None, "12.00"),
        (120, None, "16.00"),  # 8 + 4 × 2
        (60, 130, "18.00"),  # actual longer: 135 min = 8 + 5 × 2
    ],
)
def test_2017_practice_is_8_euro_for_the_first_hour_and_2_per_started_quarter_after(booked, actual, expected):
    facts = JobFacts(kind="interpreting", booked_minutes=booked, actual_minutes=actual)
    assert total(requester_lines(facts, PRACTICE_2017)) == Decimal(expected)


def test_amounts_are_decimals_with_two_places_rounded_half_up():
    odd = SimpleNamespace(
        **{**vars(RECENT), "hourly_rate": Decimal("56.05"), "increment_minutes": 1, "minimum_minutes": 1}
    )
    # 30 minutes × 56.05 / 60 = 28.025 → 28.03 (half up; banker's rounding would give 28.02)
    [line] = requester_lines(JobFacts(kind="interpreting", booked_minutes=30), odd)
    assert line.amount == Decimal("28.03")
    assert line.amount.as_tuple().exponent == -2


def test_interpreter_is_paid_for_the_same_billed_duration_plus_capped_km():
    facts = JobFacts(kind="interpreting", booked_minutes=60, actual_minutes=61, on_site=True, travel_km=200)
    lines = interpreter_lines(facts, FEES, minimum=60, increment=15)
    assert [line.amount for line in lines] == [Decimal("50.00"), Decimal("49.50")]


def test_a_late_cancellation_pays_the_interpreter_the_late_cancellation_fee():
    lines = interpreter_lines(JobFacts(kind="interpreting", late_cancellation=True), FEES, minimum=60, increment=15)
    assert total(lines) == Decimal("40.00")
