import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingSeries, Status
from tests.portal.test_booking_form import form_data

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
URL = reverse("requester_booking_new")


def post_series(client, data):
    """Post a series; when the page warns about its dates (a holiday, a closure day), confirm them all as they are,
    as a requester who keeps every date would (tests/portal/test_series_warnings.py tests the warning itself)."""
    response = client.post(URL, data)
    if response.status_code == 200 and 'id="series-check"' in response.content.decode():
        hidden = dict(
            re.findall(r'<input type="hidden" name="(series_\w+)" value="([^"]*)"', response.content.decode())
        )
        response = client.post(URL, {**data, **hidden})
    return response


def local_starts(series):
    return [timezone.localtime(b.starts_at, BRUSSELS) for b in series.bookings.order_by("starts_at")]


def test_a_weekly_series_creates_linked_bookings_a_week_apart(client_in, next_week):
    response = post_series(client_in, form_data(next_week, recurrence="weekly", occurrences="4"))
    series = BookingSeries.objects.get()
    starts = local_starts(series)
    assert response.status_code == 302
    assert (series.recurrence, series.occurrences) == ("weekly", 4)
    assert [s.date() for s in starts] == [next_week + timedelta(weeks=n) for n in range(4)]
    assert Booking.objects.filter(series=series, status=Status.SUBMITTED).count() == 4


def test_a_fortnightly_series_creates_bookings_two_weeks_apart(client_in, next_week):
    post_series(client_in, form_data(next_week, recurrence="biweekly", occurrences="3"))
    starts = local_starts(BookingSeries.objects.get())
    assert [s.date() for s in starts] == [next_week + timedelta(weeks=2 * n) for n in range(3)]


def next_spring_dst_sunday() -> date:
    """The last Sunday of March (clocks go forward in Brussels) at least a week from today."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        sunday = date(year, 3, 31)
        sunday -= timedelta(days=(sunday.weekday() - 6) % 7)
        if sunday > today + timedelta(days=7):
            return sunday
    raise AssertionError("unreachable")


def test_a_series_keeps_the_local_start_time_across_the_dst_change(client_in):
    # The Monday before the clocks go forward, weekly: the 10:00 appointments stay at 10:00 Brussels time.
    first = next_spring_dst_sunday() - timedelta(days=6)
    post_series(client_in, form_data(first, recurrence="weekly", occurrences="3"))
    starts = local_starts(BookingSeries.objects.get())
    assert [(s.date(), s.hour, s.minute) for s in starts] == [
        (first, 10, 0),
        (first + timedelta(weeks=1), 10, 0),
        (first + timedelta(weeks=2), 10, 0),
    ]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=2)]


def test_a_series_needs_a_number_of_occurrences(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, recurrence="weekly", occurrences=""))
    assert "occurrences" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_a_series_of_more_than_52_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, recurrence="weekly", occurrences="53"))
    assert "occurrences" in response.context["form"].errors
    assert not BookingSeries.objects.exists()


def _series(client_in, next_week, count=4):
    post_series(client_in, form_data(next_week, recurrence="weekly", occurrences=str(count)))
    return list(BookingSeries.objects.get().bookings.order_by("starts_at"))


def test_cancelling_one_booking_of_a_series_leaves_the_others(client_in, next_week):
    bookings = _series(client_in, next_week)
    url = reverse("requester_booking_cancel", args=[bookings[1].pk])
    response = client_in.post(url, {"reason": "Cliënt op reis", "scope": "this"})
    assert response.status_code == 302
    statuses = [b.status for b in Booking.objects.order_by("starts_at")]
    assert statuses == [Status.SUBMITTED, Status.CANCELLED, Status.SUBMITTED, Status.SUBMITTED]


def test_cancelling_this_and_all_later_ones_keeps_the_earlier_ones(client_in, next_week):
    bookings = _series(client_in, next_week)
    url = reverse("requester_booking_cancel", args=[bookings[1].pk])
    page = client_in.get(url)
    assert "Na deze afspraak volgen nog 2 afspraken van dezelfde reeks." in page.content.decode()
    client_in.post(url, {"reason": "Traject stopgezet", "scope": "future"})
    statuses = [b.status for b in Booking.objects.order_by("starts_at")]
    assert statuses == [Status.SUBMITTED, Status.CANCELLED, Status.CANCELLED, Status.CANCELLED]
    assert set(Booking.objects.filter(status=Status.CANCELLED).values_list("cancellation_reason", flat=True)) == {
        "Traject stopgezet"
    }


def test_the_detail_page_lists_the_series_siblings(client_in, next_week):
    bookings = _series(client_in, next_week, count=3)
    html = client_in.get(reverse("requester_booking_detail", args=[bookings[0].pk])).content.decode()
    for sibling in bookings[1:]:
        assert reverse("requester_booking_detail", args=[sibling.pk]) in html
