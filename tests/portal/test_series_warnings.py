"""A series warns before saving about Belgian holidays, closure days and short notice, and books only the
dates the requester keeps (without JavaScript: a second POST)."""

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, BookingSeries, ClosureDay
from bookings.policy import series_dates_check
from bookings.workdays import add_working_days
from tests.portal.test_booking_form import form_data

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
URL = reverse("requester_booking_new")


def december(day: int) -> date:
    """A day of next year's December: far beyond any notice, whatever today is."""
    return date(timezone.localdate().year + 1, 12, day)


def second_post(client, first_response, data):
    """Send the form again as the browser would: the hidden confirmation and the boxes as they are ticked."""
    html = first_response.content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(series_\w+)" value="([^"]*)"', html))
    ticked = re.findall(r'name="skip" value="([\d-]+)"[^>]*checked', html)
    return client.post(URL, {**data, **hidden, "skip": ticked})


def booked_days():
    return sorted(timezone.localtime(b.starts_at, BRUSSELS).date() for b in Booking.objects.all())


def test_a_weekly_series_over_24_and_31_december_warns_and_skipping_books_the_others_only(client_in):
    ClosureDay.objects.create(day=december(24), reason="Kerstverlof")
    ClosureDay.objects.create(day=december(31), reason="Kerstverlof")
    data = form_data(december(17), recurrence="weekly", occurrences="4")
    first = client_in.post(URL, data)
    html = first.content.decode()
    assert first.status_code == 200 and not Booking.objects.exists()
    assert 'id="series-check"' in html and html.count("sluitingsdag: Kerstverlof") == 2
    assert html.count('class="series-date') == 4 and html.count("series-date-flagged") == 2
    assert re.findall(r'name="skip" value="([\d-]+)"[^>]*checked', html) == [
        december(24).isoformat(),
        december(31).isoformat(),
    ]
    assert "Reeks bevestigen" in html

    second = second_post(client_in, first, data)
    assert second.status_code == 302
    assert booked_days() == [december(17), date(december(1).year + 1, 1, 7)]
    series = BookingSeries.objects.get()
    assert series.occurrences == 2 and series.bookings.count() == 2


def test_public_holidays_are_named_in_the_readers_language(client_in):
    data = form_data(december(18), recurrence="weekly", occurrences="3")
    html = client_in.post(URL, data).content.decode()
    assert "Kerstmis" in html and "Nieuwjaar" in html  # the 18th, a week later the 25th, then 1 January
    client_in.post(reverse("set_language"), {"language": "fr"})
    html = client_in.post(URL, data).content.decode()
    assert "Noël" in html and "Kerstmis" not in html
    client_in.post(reverse("set_language"), {"language": "en"})
    html = client_in.post(URL, data).content.decode()
    assert "Christmas Day" in html and "Skip" in html


def test_confirming_without_skipping_books_every_date(client_in):
    data = form_data(december(18), recurrence="weekly", occurrences="3")
    first = client_in.post(URL, data)
    hidden = dict(re.findall(r'<input type="hidden" name="(series_\w+)" value="([^"]*)"', first.content.decode()))
    assert client_in.post(URL, {**data, **hidden}).status_code == 302
    assert booked_days() == [december(18), december(25), date(december(1).year + 1, 1, 1)]


def test_a_changed_series_after_the_warning_is_checked_again(client_in):
    data = form_data(december(18), recurrence="weekly", occurrences="3")
    first = client_in.post(URL, data)
    changed = {**data, "occurrences": "4"}
    again = second_post(client_in, first, changed)
    assert again.status_code == 200 and 'id="series-check"' in again.content.decode()
    assert not Booking.objects.exists()


def test_dates_inside_the_usual_notice_are_flagged(client_in, settings):
    settings.TOLK_NOTICE_WORKING_DAYS = 2
    today = timezone.localdate()
    soon = today + timedelta(days=1)
    while soon.weekday() >= 5 or soon >= add_working_days(today, 2):
        soon += timedelta(days=1)
        if soon > today + timedelta(days=5):
            pytest.skip("no working day inside the notice from today")
    html = client_in.post(URL, form_data(soon, recurrence="weekly", occurrences="2")).content.decode()
    assert "korter dan de gewone termijn van 2 werkdagen" in html


def test_a_series_with_nothing_to_say_is_booked_at_once(client_in):
    day = date(timezone.localdate().year + 1, 3, 2)  # early March: no Belgian holiday within three weeks
    while day.weekday() != 1:
        day += timedelta(days=1)
    assert client_in.post(URL, form_data(day, recurrence="weekly", occurrences="3")).status_code == 302
    assert len(booked_days()) == 3


def test_skipping_every_date_is_a_field_error(client_in):
    ClosureDay.objects.create(day=december(17), reason="")
    ClosureDay.objects.create(day=december(24), reason="")
    data = form_data(december(17), recurrence="weekly", occurrences="2")
    answer = second_post(client_in, client_in.post(URL, data), data)
    assert answer.status_code == 200 and "occurrences" in answer.context["form"].errors
    assert not Booking.objects.exists()


def test_the_check_takes_a_constant_number_of_queries(django_assert_max_num_queries):
    start = timezone.make_aware(timezone.datetime(december(1).year, 1, 5, 10), BRUSSELS)
    starts = [start + timedelta(days=n) for n in range(365)]
    with django_assert_max_num_queries(2):
        checked = series_dates_check(starts, now=timezone.now(), language="nl")
    names = {item.holiday for item in checked if item.holiday}
    assert {"Kerstmis", "Nieuwjaar", "Nationale feestdag"} <= names and len(checked) == 365
