"""A burst of requests: one match task makes the first rounds of many waiting bookings in one transaction
(matching/rounds.py first_rounds_start), each as round_start would, and the later tasks of the burst find their
booking's round running and do nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking, Message, Offer, Status
from matching.rounds import booking_match, first_rounds_start
from tests.factories import BookingFactory, InterpreterFactory
from tests.workers import run_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def four():
    return [InterpreterFactory(languages={"ara": "certified"}) for _ in range(4)]


def _rounds(bookings) -> dict[int, list[int]]:
    """booking id → the round numbers of its offers"""
    found: dict[int, list[int]] = {b.pk: [] for b in bookings}
    for booking_id, number in Offer.objects.filter(booking_id__in=found).values_list("booking_id", "round_number"):
        found[booking_id].append(number)
    return found


def test_one_match_task_makes_the_first_round_of_every_waiting_booking(four, now, settings):
    settings.TOLK_CANDIDATES_PER_ROUND = 2
    bookings = [BookingFactory() for _ in range(5)]
    made = booking_match(booking_id=bookings[2].pk, now=now)

    assert [o.booking_id for o in made] == [bookings[2].pk] * 2  # its own round, returned as before
    assert _rounds(bookings) == {b.pk: [1, 1] for b in bookings}
    assert set(Booking.objects.values_list("status", flat=True)) == {Status.OFFERED}
    assert Message.objects.filter(kind="offer_made").count() == 10  # each offer's mail, queued with it
    assert all(b.history.filter(to_status=Status.OFFERED).count() == 1 for b in bookings)

    # the burst's other tasks: their booking's round is running, nothing new
    for booking in bookings:
        assert booking_match(booking_id=booking.pk, now=now) == []
    assert Offer.objects.count() == 10


def test_the_batch_is_a_setting_and_takes_the_tasks_own_booking_first(four, now, settings):
    settings.TOLK_MATCH_BATCH = 2
    bookings = [BookingFactory() for _ in range(4)]
    made = first_rounds_start(first_id=bookings[3].pk, now=now)

    assert set(made) == {bookings[3].pk, bookings[0].pk}  # its own, then the oldest waiting
    assert {pk for pk, numbers in _rounds(bookings).items() if numbers} == {bookings[3].pk, bookings[0].pk}


def test_the_batch_leaves_out_immediate_jobs_taken_and_cancelled_bookings_and_later_rounds(four, now):
    immediate = BookingFactory(immediate=True, mode="phone")
    cancelled = BookingFactory(status=Status.CANCELLED)
    confirmed = BookingFactory(status=Status.CONFIRMED, interpreter=four[0])
    waiting = BookingFactory()
    made = first_rounds_start(now=now)

    assert set(made) == {waiting.pk}
    assert not Offer.objects.exclude(booking=waiting).exists()
    for booking in (immediate, cancelled, confirmed):
        assert Booking.objects.get(pk=booking.pk).status == booking.status


def test_a_booking_without_candidates_in_the_batch_is_escalated_as_alone(four, now):
    nobody = BookingFactory(language_id="tur")
    waiting = BookingFactory()
    first_rounds_start(now=now)

    assert Booking.objects.get(pk=nobody.pk).status == Status.UNFILLED
    assert Booking.objects.get(pk=waiting.pk).status == Status.OFFERED


def test_a_booking_that_fails_leaves_the_others_rounds_standing(four, now, monkeypatch, caplog):
    broken, fine = BookingFactory(), BookingFactory()
    from matching import rounds

    real = rounds.candidates_for

    def fails_for_one(booking, **kwargs):  # a fault in one booking's data, outside our code's path under test
        if booking.pk == broken.pk:
            raise RuntimeError("broken row")
        return real(booking, **kwargs)

    monkeypatch.setattr(rounds, "candidates_for", fails_for_one)
    made = first_rounds_start(now=now)

    assert set(made) == {fine.pk}
    assert Booking.objects.get(pk=fine.pk).status == Status.OFFERED
    assert Booking.objects.get(pk=broken.pk).status == Status.SUBMITTED  # left for the sweep
    assert not Offer.objects.filter(booking=broken).exists()
    assert f"first round of booking {broken.pk} failed" in caplog.text


def test_a_first_round_in_the_batch_costs_fewer_queries_than_alone(four, now):
    """Pinned: per booking in the batch, no second lock, no re-read of the row, no round-number or open-offer
    queries (the claim says it has no offer)."""
    alone = BookingFactory()
    with CaptureQueriesContext(connection) as single:
        first_rounds_start(first_id=alone.pk, now=now, limit=1)
    more = [BookingFactory() for _ in range(5)]
    with CaptureQueriesContext(connection) as batch:
        first_rounds_start(now=now)
    assert Offer.objects.filter(booking__in=more).count() == 15
    per_booking = (len(batch) - 1) / 5  # the claim once
    assert per_booking <= len(single) - 1
    sql = " ".join(q["sql"] for q in batch.captured_queries)
    assert "MAX(" not in sql


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_tasks_of_a_burst_at_once_make_one_first_round_per_booking(settings):
    """Six match tasks at once over twelve waiting bookings (row locks skipped on PostgreSQL, one writer at a
    time on SQLite): every booking gets exactly one first round, nobody gets the same offer twice."""
    settings.TOLK_MATCH_BATCH = 3
    for _ in range(4):
        InterpreterFactory(languages={"ara": "certified"})
    for _ in range(3):
        bookings = [BookingFactory() for _ in range(12)]
        results = run_together([lambda b=b: booking_match(booking_id=b.pk) for b in bookings[::2]])

        assert not [r for r in results if isinstance(r, Exception)], results
        rounds = _rounds(bookings)
        assert all(numbers == [1, 1, 1] for numbers in rounds.values()), rounds
        assert all(Booking.objects.get(pk=b.pk).history.filter(to_status=Status.OFFERED).count() == 1 for b in bookings)
        Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(status=Status.CANCELLED)
