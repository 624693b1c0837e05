import pytest

from bookings.lifecycle import record_creation
from bookings.models import Booking
from tests.factories import BookingFactory, OrganisationFactory, requester
from webhooks.endpoints import endpoint_create


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def caseworker(organisation):
    return requester(organisation, username="caseworker")


@pytest.fixture
def make_endpoint(organisation, caseworker):
    def make(url: str = "http://127.0.0.1:9/hooks", events=(), **kwargs):
        return endpoint_create(organisation=organisation, url=url, events=list(events), by=caseworker, **kwargs)

    return make


@pytest.fixture
def new_booking(organisation):
    """new_booking() → a submitted booking recorded as the services record one (its booking.created queued)."""

    def make(**fields) -> Booking:
        booking = BookingFactory(organisation=organisation, **fields)
        record_creation(booking=booking)
        return booking

    return make
