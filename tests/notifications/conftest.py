from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import Profile
from bookings.models import Status
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester

# 10 June next year, 12:00 UTC (14:00 in Brussels), far from any DST change and in the future, so that the
# send (which checks the job has not started, at the real time) goes ahead
START = datetime(datetime.now(UTC).year + 1, 6, 10, 12, 0, tzinfo=UTC)


def with_language(user, language: str):
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    return user


@pytest.fixture
def staff_user(db):
    return StaffFactory(email="planner@example.be")


@pytest.fixture
def interpreter(db):
    return InterpreterFactory(languages={"ara": "certified"})


@pytest.fixture
def confirmed_job(db, interpreter):
    """A confirmed on-site job at START, booked by a requester."""
    organisation = OrganisationFactory()
    return BookingFactory(
        status=Status.CONFIRMED,
        interpreter=interpreter,
        requested_by=requester(organisation),
        organisation=organisation,
        starts_at=START,
        ends_at=START + timedelta(minutes=60),
        contact_on_site="Mevrouw Peeters, onthaal",
        notes="Gesprek over huisvesting",
    )
