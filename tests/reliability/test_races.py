"""Races on either database (row locks on PostgreSQL, one writer at a time on SQLite), each repeated several
times: the invariants hold every time.

The concurrent repeat of one Idempotency-Key is proven in tests/api/test_idempotency.py
(test_concurrent_repeats_create_exactly_one_booking).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from bookings.models import Booking, Offer, OfferStatus, Status
from matching.offers import OfferUnavailable, offer_accept
from portal.services import booking_assign, booking_cancel
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, OrganisationFactory, requester
from tests.workers import run_together

ROUNDS = 5
THREADS = 6
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_many_interpreters_accepting_one_booking_always_end_with_exactly_one_assignment():
    interpreters = [InterpreterFactory() for _ in range(THREADS)]
    for _ in range(ROUNDS):
        booking = BookingFactory(status=Status.OFFERED)
        offers = [OfferFactory(booking=booking, interpreter=interpreter) for interpreter in interpreters]
        results = run_together([lambda offer=offer: offer_accept(offer=offer) for offer in offers])

        assert sum(isinstance(r, Booking) for r in results) == 1, results
        assert sum(isinstance(r, OfferUnavailable) for r in results) == THREADS - 1, results
        booking.refresh_from_db()
        accepted = Offer.objects.get(booking=booking, status=OfferStatus.ACCEPTED)
        assert booking.status == Status.CONFIRMED
        assert booking.interpreter_id == accepted.interpreter_id
        assert not booking.offers.filter(status=OfferStatus.OPEN).exists()
        assert booking.history.filter(to_status=Status.CONFIRMED).count() == 1


def test_assigning_overlapping_jobs_to_one_interpreter_at_once_never_makes_an_overlap():
    for round_number in range(ROUNDS):
        interpreter = InterpreterFactory(languages={"ara": "certified"})
        start = BookingFactory.starts_at.function() + timedelta(days=round_number)
        # every job overlaps the next one by half an hour
        bookings = [BookingFactory(starts_at=start + timedelta(minutes=30 * i)) for i in range(THREADS)]
        results = run_together(
            [lambda b=b, i=interpreter: booking_assign(booking=b, interpreter=i, by=None) for b in bookings]
        )

        assert all(isinstance(r, Booking | ValidationError) for r in results), results
        jobs = list(Booking.objects.filter(interpreter=interpreter, status=Status.CONFIRMED).order_by("starts_at"))
        assert jobs, "at least one assignment must succeed"
        for earlier, later in zip(jobs, jobs[1:], strict=False):
            assert earlier.ends_at <= later.starts_at, f"{earlier.reference} overlaps {later.reference}"
        assert len(jobs) == sum(isinstance(r, Booking) for r in results)


def test_cancelling_while_interpreters_accept_ends_cancelled_and_consistent():
    """Invariant: the booking always ends cancelled (the requester's cancel always wins in the end).

    Either the cancel came first: no offer was accepted and no interpreter is set; or one accept came
    first: exactly one accepted offer, its interpreter on the booking, and the history shows confirmed then
    cancelled. In both cases no offer is left open and there is exactly one cancellation.
    """
    organisation = OrganisationFactory()
    user = requester(organisation)
    interpreters = [InterpreterFactory() for _ in range(THREADS - 1)]
    outcomes = set()
    for _ in range(ROUNDS * 2):
        booking = BookingFactory(status=Status.OFFERED, organisation=organisation, requested_by=user)
        offers = [OfferFactory(booking=booking, interpreter=interpreter) for interpreter in interpreters]
        actions = [lambda offer=offer: offer_accept(offer=offer) for offer in offers]
        actions.append(lambda b=booking: booking_cancel(booking=b, by=user, reason="Niet meer nodig"))
        results = run_together(actions)

        assert isinstance(results[-1], Booking), results[-1]  # the cancel never fails
        booking.refresh_from_db()
        assert booking.status == Status.CANCELLED
        assert not booking.offers.filter(status=OfferStatus.OPEN).exists()
        assert booking.history.filter(to_status=Status.CANCELLED).count() == 1
        accepted = list(booking.offers.filter(status=OfferStatus.ACCEPTED))
        winners = [r for r in results[:-1] if isinstance(r, Booking)]
        assert len(accepted) == len(winners) <= 1
        assert all(isinstance(r, Booking | OfferUnavailable) for r in results[:-1]), results
        statuses = list(booking.history.order_by("pk").values_list("to_status", flat=True))
        if accepted:
            assert booking.interpreter_id == accepted[0].interpreter_id
            assert statuses[-2:] == [Status.CONFIRMED, Status.CANCELLED]
            outcomes.add("accepted first")
        else:
            assert booking.interpreter_id is None
            assert Status.CONFIRMED not in statuses
            outcomes.add("cancelled first")
    assert outcomes  # (which order won varies from run to run; both are consistent)
