"""Tariff periods of the same kind and mode never overlap: a form error everywhere, a constraint on PostgreSQL."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from billing.forms import InterpreterTariffForm, RequesterTariffForm
from billing.models import RequesterTariff
from tests.billing.conftest import interpreter_tariff, requester_tariff

pytestmark = pytest.mark.django_db


def form_data(**fields):
    data = {
        "kind": "interpreting",
        "mode": "on_site",
        "valid_from": "2026-01-01",
        "valid_until": "",
        "note": "",
        "hourly_rate": "56.00",
        "minimum_minutes": "60",
        "increment_minutes": "15",
        "first_block_minutes": "0",
        "first_block_price": "0",
        "increment_price": "0",
        "km_rate": "0.33",
        "max_km": "150",
        "late_cancellation_charge": "56.00",
        "word_rate": "0",
        "translation_minimum": "0",
        "sworn_supplement": "0",
    }
    return {**data, **fields}


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [
        ("2026-06-01", ""),  # starts inside an open period
        ("2025-01-01", "2026-01-01"),  # ends on its first day
        ("2025-01-01", ""),  # covers it
    ],
)
def test_an_overlapping_period_is_refused_with_a_clear_form_error(clean_tariffs, valid_from, valid_until):
    requester_tariff(valid_from=date(2026, 1, 1))

    form = RequesterTariffForm(form_data(valid_from=valid_from, valid_until=valid_until))

    assert not form.is_valid()
    assert "overlapt met een bestaand tarief" in str(form.errors)
    assert RequesterTariff.objects.count() == 1


def test_an_adjacent_period_or_another_mode_is_accepted(clean_tariffs):
    requester_tariff(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31))

    assert RequesterTariffForm(form_data(valid_from="2026-01-01")).is_valid()
    assert RequesterTariffForm(form_data(valid_from="2025-06-01", mode="phone")).is_valid()


def test_editing_a_tariff_does_not_clash_with_itself(clean_tariffs):
    tariff = requester_tariff(valid_from=date(2026, 1, 1))

    form = RequesterTariffForm(form_data(hourly_rate="58.00"), instance=tariff)

    assert form.is_valid(), form.errors


def test_a_translation_tariff_has_no_mode_and_overlaps_are_checked_per_kind(clean_tariffs):
    requester_tariff(kind="translation", valid_from=date(2026, 1, 1))

    form = RequesterTariffForm(form_data(kind="translation", mode="phone", valid_from="2026-05-01"))

    assert not form.is_valid()
    assert "overlapt" in str(form.errors)


def test_interpreter_tariffs_are_checked_too(clean_tariffs):
    interpreter_tariff(valid_from=date(2026, 1, 1))
    data = {
        "kind": "interpreting",
        "mode": "on_site",
        "valid_from": "2026-02-01",
        "hourly_fee": "40",
        "km_allowance": "0.33",
        "max_km": "150",
        "word_fee": "0",
        "late_cancellation_fee": "0",
    }

    assert not InterpreterTariffForm(data).is_valid()


def test_a_period_that_ends_before_it_starts_is_refused(clean_tariffs):
    form = RequesterTariffForm(form_data(valid_from="2026-05-01", valid_until="2026-04-01"))

    assert not form.is_valid()
    assert "valid_until" in form.errors


@pytest.mark.postgres
def test_postgresql_refuses_overlapping_periods_even_past_the_service(clean_tariffs):
    requester_tariff(valid_from=date(2026, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        requester_tariff(valid_from=date(2026, 6, 1), valid_until=date(2026, 12, 31))

    requester_tariff(valid_from=date(2026, 6, 1), mode="video")  # another mode is fine
