"""The fault suite's people, run inside the portal's own settings: `manage.py shell -c "from tests.faults.seed
import ..."`. Passwords hashed with the portal's own hasher, since the test logs in through gunicorn."""

from datetime import timedelta

from django.utils import timezone

from bookings.models import Status
from interpreters.models import Level
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester


def people(password: str) -> None:
    organisation = OrganisationFactory(name="OCMW Storing")
    user = requester(organisation, username="fault-requester")
    staff = StaffFactory(username="fault-staff")
    for person in (user, staff):
        person.set_password(password)
        person.save(update_fields=["password"])
    for number in range(3):
        InterpreterFactory(user__username=f"fault-tolk{number}", languages={"ara": Level.CERTIFIED})


def confirmed_job(hours_ahead: int = 20):
    """A confirmed job tomorrow: the reminder scan owes its interpreter and its requester one reminder each."""
    organisation = OrganisationFactory()
    starts_at = (timezone.now() + timedelta(hours=hours_ahead)).replace(second=0, microsecond=0)
    return BookingFactory(
        status=Status.CONFIRMED,
        organisation=organisation,
        requested_by=requester(organisation),
        interpreter=InterpreterFactory(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
