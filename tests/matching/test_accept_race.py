"""Many interpreters accepting the same booking at the same moment: exactly one wins, every time."""

import pytest
from django.core.exceptions import ValidationError

from bookings.models import Booking, Offer, OfferStatus, Status
from matching.offers import OfferUnavailable, offer_accept
from portal.services import booking_assign
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory
from tests.matching.outbox import message, offers_withdrawn, queued
from tests.workers import run_together

THREADS = 8
pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(3))
def test_eight_interpreters_accepting_the_same_booking_end_with_exactly_one_assignment(attempt):
    booking = BookingFactory(status=Status.OFFERED)
    offers = [OfferFactory(booking=booking, interpreter=InterpreterFactory()) for _ in range(THREADS)]
    results = run_together([lambda offer=offer: offer_accept(offer=offer) for offer in offers])

    winners = [r for r in results if isinstance(r, Booking)]
    assert len(winners) == 1
    assert all(isinstance(r, OfferUnavailable) for r in results if r is not winners[0])
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
    accepted = Offer.objects.get(booking=booking, status=OfferStatus.ACCEPTED)
    assert booking.interpreter_id == accepted.interpreter_id
    assert Offer.objects.filter(booking=booking, status=OfferStatus.WITHDRAWN).count() == THREADS - 1
    assert booking.history.filter(to_status=Status.CONFIRMED).count() == 1
    # only the winner's transaction left messages: the job to the winner, a withdrawal to each of the others
    withdrawn = [o for o in offers if o.pk != accepted.pk]
    assert queued() == sorted(
        [message("job_confirmed", booking, accepted.interpreter.user), *offers_withdrawn(withdrawn)]
    )


def test_one_interpreter_assigned_to_eight_overlapping_bookings_at_once_gets_exactly_one():
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    first = BookingFactory()
    bookings = [first] + [BookingFactory(starts_at=first.starts_at) for _ in range(THREADS - 1)]
    results = run_together(
        [
            lambda booking=booking: booking_assign(booking=booking, interpreter=interpreter, by=None)
            for booking in bookings
        ]
    )
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == THREADS - 1
    (assigned,) = Booking.objects.filter(interpreter=interpreter, status=Status.CONFIRMED)
    assert queued() == [message("job_confirmed", assigned, interpreter.user)]
