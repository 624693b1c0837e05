"""A real Celery worker matches a submitted booking; an interpreter accepts; the booking is confirmed.

On PostgreSQL the worker takes its tasks from Redis, on SQLite from the filesystem queue (the embedded default)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking, Kind, Offer, OfferStatus, Status
from bookings.requests import BookingRequest
from matching.offers import offer_accept
from portal.services import booking_submit
from tests.factories import InterpreterFactory, OrganisationFactory, language, requester
from tests.workers import wait_for

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker(suite_broker, workers):
    broker = suite_broker
    return workers.start(broker_url=broker.url, queue=broker.queue)


def test_a_submitted_booking_gets_offers_from_the_worker_and_is_confirmed_on_accept(worker):
    interpreter = InterpreterFactory(languages={"ara": "certified"}, offers_on_site=True)
    organisation = OrganisationFactory()
    user = requester(organisation)
    request = BookingRequest(
        kind=Kind.INTERPRETING,
        language=language("ara"),
        mode="video",
        starts_at=(timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0),
        duration_minutes=60,
    )
    booking = booking_submit(request=request, organisation=organisation, by=user)  # commits: task to the broker

    offer = wait_for(
        lambda: Offer.objects.filter(booking=booking, status=OfferStatus.OPEN).first(), "an offer", seconds=30
    )
    assert worker.poll() is None
    assert "bookings.match_booking" in worker.log_path.read_text()  # the worker did it, not an eager call
    assert offer.interpreter == interpreter
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED

    booking = offer_accept(offer=offer, by=interpreter.user)
    assert booking.status == Status.CONFIRMED
    assert Booking.objects.get(pk=booking.pk).interpreter == interpreter
