"""The median lead time read from the hour or two holding the middle equals the median of all lead times."""

import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Status
from reporting.breakdowns import breakdowns_postgresql
from reporting.selectors import (
    booking_figures,
    bookings_in_period,
    local_zone,
    median_lead_time_hours,
    middle_lead_hours,
    period_bounds,
    year_period,
)
from tests.factories import BookingFactory

H = timedelta(hours=1)
US = timedelta(microseconds=1)


def test_the_middle_of_an_odd_count_is_in_one_hour():
    # positions 0..6, the middle (3) is the first booking of hour 5
    assert middle_lead_hours([(1.0, 2), (2.0, 1), (5.0, 3), (9.0, 1)], 7) == ([5.0], 3)


def test_the_two_middles_of_an_even_count_may_be_in_two_hours_far_apart():
    # positions 0..3: the middles (1 and 2) are the last of hour 2 and the first of hour 50
    assert middle_lead_hours([(1.0, 1), (2.0, 1), (50.0, 1), (51.0, 1)], 4) == ([2.0, 50.0], 1)


def test_the_two_middles_of_an_even_count_in_one_hour():
    assert middle_lead_hours([(0.0, 1), (3.0, 4), (7.0, 1)], 6) == ([3.0], 1)


def test_a_single_booking_is_its_own_middle():
    assert middle_lead_hours([(-1.0, 1)], 1) == ([-1.0], 0)


LEADS = {
    "odd, spread over hours": [H, 2.5 * H, 5 * H, 5 * H + 10 * US, 40 * H],
    "even, the middles either side of an hour's edge": [H, 2 * H - US, 2 * H, 3 * H],
    "odd, the middle exactly on an hour's edge": [2 * H, 3 * H - US, 3 * H, 3 * H + US, 9 * H],
    "even, the middles in hours far apart": [H, 2 * H + 7 * US, 50 * H + 13 * US, 51 * H],
    "ties across the middle": [H, 48 * H, 48 * H, 48 * H, 48 * H, 100 * H],
    "even, ties in one hour": [30 * timedelta(minutes=1), 47 * H, 47 * H + 59 * timedelta(minutes=1), 47.5 * H],
    "requested after the start, and minutes that round": [-H / 2, -US, 7 * timedelta(minutes=1), H + 3 * US],
    "a single booking": [17 * H + 29 * timedelta(minutes=1) + 59 * timedelta(seconds=1)],
}


def _completed(leads, *, year=2017):
    start = datetime(year, 3, 1, 9, tzinfo=UTC)
    for index, lead in enumerate(leads):
        starts_at = start + timedelta(days=index % 5, hours=index)
        BookingFactory(status=Status.COMPLETED, starts_at=starts_at, created_at=starts_at - lead)
    # noise: other statuses and other years do not count
    BookingFactory(status=Status.CANCELLED, starts_at=start, created_at=start - 1000 * H)
    BookingFactory(status=Status.COMPLETED, starts_at=start.replace(year=year + 1), created_at=start - 5 * H)


def _expected(leads) -> float:
    return round(statistics.median(lead.total_seconds() for lead in leads) / 3600, 1)


@pytest.mark.postgres
@pytest.mark.parametrize("name", list(LEADS))
def test_the_median_from_the_middle_hours_equals_the_median_of_all(db, name):
    leads = LEADS[name]
    _completed(leads)
    start, end = year_period(2017)
    bookings = bookings_in_period(start, end).filter(status=Status.COMPLETED)
    counted = breakdowns_postgresql(bookings_in_period(start, end), local_zone(), *period_bounds(start, end))

    assert sum(n for _, n in counted.lead_hours) == len(leads)
    with CaptureQueriesContext(connection) as queries:
        median = median_lead_time_hours(bookings, len(leads), counted.lead_hours)
    assert len(queries) == 1  # the middle hours only, no falling back to sorting them all
    assert median == _expected(leads) == median_lead_time_hours(bookings, len(leads))
    assert booking_figures(start=start, end=end).median_lead_time_hours == median


@pytest.mark.postgres
def test_the_middle_hours_read_only_their_own_bookings(db):
    leads = [H, H + US, 4 * H, 4 * H + 2 * US, 4 * H + 3 * US, 9 * H]
    _completed(leads)
    start, end = year_period(2017)
    counted = breakdowns_postgresql(bookings_in_period(start, end), local_zone(), *period_bounds(start, end))

    assert counted.lead_hours == [(1.0, 2), (4.0, 3), (9.0, 1)]


@pytest.mark.postgres
def test_hours_counted_before_the_bookings_changed_fall_back_to_sorting_them_all(db):
    leads = [H, 2 * H, 3 * H, 4 * H, 5 * H]
    _completed(leads)
    start, end = year_period(2017)
    bookings = bookings_in_period(start, end).filter(status=Status.COMPLETED)
    stale = [(1.0, 1), (2.0, 1), (30.0, 1), (40.0, 1), (50.0, 1)]  # hour 3 is now hour 30 elsewhere

    with CaptureQueriesContext(connection) as queries:
        median = median_lead_time_hours(bookings, len(leads), stale)

    assert median == 3.0
    assert len(queries) == 2


def test_a_period_without_completed_bookings_has_no_median(db):
    BookingFactory(status=Status.CANCELLED, starts_at=datetime(2017, 3, 1, 9, tzinfo=UTC))

    assert booking_figures(start=date(2017, 1, 1), end=date(2018, 1, 1)).median_lead_time_hours is None
