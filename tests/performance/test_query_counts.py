"""Matching one booking and the annual report make the same few queries whatever the size of the data.

(The list pages are pinned beside their own tests: tests/portal, tests/api, tests/reporting, ...)
"""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Booking, Status
from interpreters.models import Absence, WeeklyAvailability
from matching.candidates import candidates_for
from matching.rounds import booking_match
from reporting.annual import annual_report_rows
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, municipality

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

REGION_POSTCODES = ["2000", "1000", "3500", "9000", "3000", "8000"]


def _interpreters(count: int, booking: Booking) -> None:
    """Interpreters who pass every rule, each with weekly hours, an absence on another day, a job two days
    later (busy rows to compare) and one last week (fairness hours), so that every query of matching runs."""
    start = timezone.localtime(booking.starts_at)
    for index in range(count):
        interpreter = InterpreterFactory(languages={"ara": ["sworn", "certified", "trained"][index % 3]})
        WeeklyAvailability.objects.create(
            interpreter=interpreter, weekday=start.weekday(), start_time=time(0), end_time=time(23, 59, 59)
        )
        Absence.objects.create(
            interpreter=interpreter,
            starts_on=start.date() + timedelta(days=20),
            ends_on=start.date() + timedelta(days=21),
        )
        for days in (2, -7):
            BookingFactory(
                status=Status.CONFIRMED,
                interpreter=interpreter,
                starts_at=booking.starts_at + timedelta(days=days),
                ends_at=booking.ends_at + timedelta(days=days),
            )


def _daytime_booking() -> Booking:
    """A booking at 10:00 in ten days: the factory's "now + 10 days" crosses midnight when run after 23:00, and
    the interpreters' weekly hours (one weekday, 00:00 to 23:59:59) would then not hold it."""
    starts_at = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=10)
    return BookingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))


def _matching_queries(count: int) -> tuple[int, int]:
    booking = _daytime_booking()
    _interpreters(count, booking)
    booking = Booking.objects.get(pk=booking.pk)  # nothing cached on the instance: its own look-ups count too
    now = booking.starts_at - timedelta(days=3)
    with CaptureQueriesContext(connection) as queries:
        found = candidates_for(booking, now=now)
    assert len(found) == count
    return len(queries), len(found)


@pytest.mark.parametrize("count", [3, 30])
def test_matching_one_booking_makes_the_same_queries_for_3_or_30_interpreters(count):
    queries, _found = _matching_queries(count)
    # the booking's place; the holders of the language with their level; the interpreters with their hours
    # (one query, narrowed to those holders); their weekly hours (a prefetch for those who have any; absences
    # are a SQL rule); the busy jobs around the booking
    assert queries == 5


def test_each_candidate_carries_the_fairness_hours_from_the_main_query():
    booking = _daytime_booking()
    _interpreters(2, booking)
    found = candidates_for(Booking.objects.get(pk=booking.pk), now=booking.starts_at - timedelta(days=3))
    assert [c.hours_last_30_days for c in found] == [1.0, 1.0]


def test_an_offer_round_makes_the_same_queries_for_2_or_6_offers(settings):
    """Offers, their mails and the round's note read only what matching loaded: a column it leaves out
    (matching.UNUSED_COLUMNS) read per interpreter would add a query per offer."""
    first = _daytime_booking()
    _interpreters(6, first)
    counted = []
    for index, per_round in enumerate((2, 6)):
        settings.TOLK_CANDIDATES_PER_ROUND = per_round
        # the second booking made after the first round: a match task takes every booking waiting for its first
        # round (matching/rounds.py first_rounds_start), and each round here must be one booking's
        booking = first if index == 0 else BookingFactory(organisation=first.organisation, starts_at=first.starts_at)
        with CaptureQueriesContext(connection) as queries:
            booking_match(booking_id=booking.pk, now=booking.starts_at - timedelta(days=3))
        assert booking.offers.count() == per_round
        assert booking.messages.count() == per_round  # one offer mail each, queued in the round
        counted.append(len(queries))
    assert counted[0] == counted[1]


def _report_queries(count: int) -> int:
    year = timezone.localdate().year - 1
    organisations = [OrganisationFactory(municipality=municipality(p)) for p in REGION_POSTCODES]
    for index in range(count):
        starts_at = timezone.make_aware(timezone.datetime(year, 1 + index % 12, 10, 9, 0))
        BookingFactory(
            status=[Status.COMPLETED, Status.CANCELLED, Status.UNFILLED][index % 3],
            late_cancellation=index % 3 == 1,
            organisation=organisations[index % len(organisations)],
            language_id=["ara", "tur", "prs"][index % 3],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
        )
    with CaptureQueriesContext(connection) as queries:
        rows = annual_report_rows(year)
    total = next(r["value"] for r in rows if r["indicator"] == "assignments" and r["dimension"] == "total")
    assert total == len(range(0, count, 3))
    return len(queries)


@pytest.mark.parametrize("count", [3, 30])
def test_the_annual_report_makes_the_same_queries_for_3_or_30_bookings(count):
    # one grouped scan (with its savepoint and work_mem), the lead times, the regions, the service figures,
    # the immediate jobs' times to connect (reporting/immediate.py), ...
    assert _report_queries(count) == 10


@pytest.mark.parametrize("count", [3, 30])
def test_a_requesters_api_booking_list_makes_the_same_queries_for_3_or_30_bookings(count):
    from rest_framework.test import APIClient

    from tests.factories import requester

    user = requester()
    organisation = user.memberships.get().organisation
    interpreter = InterpreterFactory()
    for index in range(count):
        starts_at = timezone.now() + timedelta(days=index + 1)
        BookingFactory(
            organisation=organisation,
            status=Status.CONFIRMED,
            interpreter=interpreter,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
        )
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/bookings/")
    assert response.status_code == 200
    assert response.json()["count"] == count
    # the caller's role, the caller's organisations (as literal ids), the count, the page
    assert len(queries) == 4
