"""Pricing finished jobs with the tariff valid on the job's day, kept as they were."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Party, PriceLine, UnpricedJob
from billing.services import price_line_correct, price_pending_jobs
from bookings.models import Status
from tests.billing.conftest import brussels, completed_job, completed_translation, interpreter_tariff, requester_tariff
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


def amounts(booking, party=Party.REQUESTER):
    return sorted(PriceLine.objects.filter(booking=booking, party=party).values_list("amount", flat=True))


def test_a_completed_job_gets_requester_and_interpreter_lines(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    job = completed_job(starts_at=brussels(2026, 3, 2, 10), booked=60, actual=95, travel_km=20)

    result = price_pending_jobs(now=timezone.now())

    assert result.priced == 1
    assert amounts(job) == [Decimal("6.60"), Decimal("98.00")]
    assert amounts(job, Party.INTERPRETER) == [Decimal("6.60"), Decimal("70.00")]
    assert PriceLine.objects.filter(booking=job, requester_tariff__isnull=False).count() == 2


def test_pricing_twice_adds_nothing(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    completed_job(starts_at=brussels(2026, 3, 2, 10))
    price_pending_jobs()
    count = PriceLine.objects.count()

    assert price_pending_jobs().priced == 0
    assert PriceLine.objects.count() == count


@pytest.mark.parametrize(
    ("starts_at", "expected"),
    [
        (brussels(2017, 12, 31, 23, 30), "8.00"),  # still 2017 in Brussels (22:30 UTC)
        (brussels(2018, 1, 1, 0, 30), "56.00"),  # 2018 in Brussels although 2017-12-31 23:30 UTC
    ],
)
def test_the_tariff_is_the_one_valid_on_the_jobs_day_in_brussels(clean_tariffs, starts_at, expected):
    requester_tariff(
        valid_from=date(2017, 1, 1),
        valid_until=date(2017, 12, 31),
        hourly_rate=0,
        first_block_minutes=60,
        first_block_price=Decimal("8.00"),
        increment_price=Decimal("2.00"),
    )
    requester_tariff(valid_from=date(2018, 1, 1))
    interpreter_tariff()
    job = completed_job(starts_at=starts_at)

    price_pending_jobs()

    assert amounts(job) == [Decimal(expected)]


def test_a_tariff_change_between_booking_and_job_prices_with_the_tariff_of_the_job_day(clean_tariffs):
    requester_tariff(valid_from=date(2025, 1, 1), valid_until=date(2026, 2, 28))  # valid when it was booked
    requester_tariff(valid_from=date(2026, 3, 1), hourly_rate=Decimal("60.00"))  # valid on the day of the job
    interpreter_tariff()
    job = completed_job(starts_at=brussels(2026, 3, 2, 10))
    job.created_at = brussels(2026, 2, 1, 9)
    job.save(update_fields=["created_at"])

    price_pending_jobs()

    assert amounts(job) == [Decimal("60.00")]


def test_a_tariff_changed_later_never_alters_a_priced_job(clean_tariffs):
    tariff = requester_tariff()
    interpreter_tariff()
    job = completed_job(starts_at=brussels(2026, 3, 2, 10))
    price_pending_jobs()

    tariff.hourly_rate = Decimal("99.00")
    tariff.save()
    price_pending_jobs()

    assert amounts(job) == [Decimal("56.00")]


def test_a_late_cancellation_is_priced_and_a_free_one_is_not(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    interpreter = InterpreterFactory()
    late = BookingFactory(
        status=Status.CANCELLED,
        late_cancellation=True,
        interpreter=interpreter,
        starts_at=brussels(2026, 3, 2, 10),
        duration_minutes=120,
        ends_at=brussels(2026, 3, 2, 12),
    )
    free = BookingFactory(status=Status.CANCELLED, late_cancellation=False, starts_at=brussels(2026, 3, 2, 10))

    price_pending_jobs()

    assert amounts(late) == [Decimal("56.00")]
    assert amounts(late, Party.INTERPRETER) == [Decimal("40.00")]
    assert amounts(free) == []


def test_a_translation_below_the_minimum_costs_the_minimum(clean_tariffs):
    requester_tariff(kind="translation")
    interpreter_tariff(kind="translation")
    job = completed_translation(starts_at=brussels(2026, 3, 2, 10), words=120)

    price_pending_jobs()

    assert amounts(job) == [Decimal("32.00")]
    assert amounts(job, Party.INTERPRETER) == []  # no translator assigned


def test_a_job_without_tariff_is_flagged_and_never_priced_at_zero(clean_tariffs):
    requester_tariff(valid_from=date(2018, 1, 1))
    interpreter_tariff()
    job = completed_job(starts_at=brussels(2016, 6, 1, 10))

    result = price_pending_jobs()

    assert result.priced == 0
    assert PriceLine.objects.filter(booking=job).count() == 0
    flag = UnpricedJob.objects.get(booking=job)
    assert (flag.reason_code, flag.reason_params) == ("no_requester_tariff", {"day": "2016-06-01"})
    assert flag.reason_text == "Geen tarief voor aanvragers op 01/06/2016"


def test_a_flagged_job_is_priced_once_a_tariff_covers_it(clean_tariffs):
    requester_tariff(valid_from=date(2018, 1, 1))
    interpreter_tariff(valid_from=date(2016, 1, 1))
    job = completed_job(starts_at=brussels(2016, 6, 1, 10))
    price_pending_jobs()

    requester_tariff(valid_from=date(2016, 1, 1), valid_until=date(2017, 12, 31), hourly_rate=Decimal("50.00"))
    price_pending_jobs()

    assert amounts(job) == [Decimal("50.00")]
    assert not UnpricedJob.objects.filter(booking=job).exists()


def test_a_job_whose_interpreter_has_no_tariff_is_flagged_whole(clean_tariffs):
    requester_tariff()
    job = completed_job(starts_at=brussels(2026, 3, 2, 10))

    price_pending_jobs()

    assert PriceLine.objects.filter(booking=job).count() == 0
    assert UnpricedJob.objects.filter(booking=job).exists()


def test_a_correction_is_a_new_line_with_its_reason_and_the_original_stays(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    job = completed_job(starts_at=brussels(2026, 3, 2, 10))
    price_pending_jobs()

    line = price_line_correct(booking=job, party=Party.REQUESTER, amount=Decimal("-14.00"), reason="Kwartier te veel")

    assert amounts(job) == [Decimal("-14.00"), Decimal("56.00")]
    assert line.correction_reason == "Kwartier te veel"
    assert line.quantity == -1 and line.unit_price == Decimal("14.00")


def test_a_correction_without_reason_is_refused(clean_tariffs):
    from django.core.exceptions import ValidationError

    job = completed_job(starts_at=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        price_line_correct(booking=job, party=Party.REQUESTER, amount=Decimal("5"), reason=" ")
    assert "reason" in error.value.message_dict


def test_the_periodic_task_prices_pending_jobs(clean_tariffs):
    from billing.tasks import price_pending_jobs as task

    requester_tariff()
    interpreter_tariff()
    job = completed_job(starts_at=brussels(2026, 3, 2, 10))

    assert task.delay().get() == 1
    assert amounts(job) == [Decimal("56.00")]


def test_the_seeded_tariffs_price_a_recent_hour_at_56_and_a_2017_hour_at_8():
    recent = completed_job(starts_at=brussels(2026, 3, 2, 10), booked=60, mode="phone")
    old = completed_job(starts_at=brussels(2017, 5, 2, 10), booked=90, mode="phone")

    price_pending_jobs()

    assert amounts(recent) == [Decimal("56.00")]
    assert amounts(old) == [Decimal("4.00"), Decimal("8.00")]


def test_the_seeded_tariffs_charge_016_per_word_with_a_32_minimum_and_033_per_km_up_to_150():
    short = completed_translation(starts_at=brussels(2026, 3, 2, 10), words=150)
    long = completed_translation(starts_at=brussels(2026, 3, 2, 10), words=1000)
    far = completed_job(starts_at=brussels(2026, 3, 2, 10), booked=60, actual=60, travel_km=180)

    price_pending_jobs()

    assert amounts(short) == [Decimal("32.00")]
    assert amounts(long) == [Decimal("160.00")]
    assert amounts(far) == [Decimal("49.50"), Decimal("56.00")]
