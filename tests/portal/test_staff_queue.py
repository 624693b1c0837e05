"""The staff queue's reasons, counts and filters, and the dispatch view of a day in a region."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import OfferStatus, Status, StatusChange
from interpreters.models import LanguageSkill
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OfferFactory,
    OrganisationFactory,
    StaffFactory,
    TranslationFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def queue(client, **filters):
    response = client.get(reverse("staff_queue"), filters)
    assert response.status_code == 200
    return response


def reasons(response) -> dict[str, str]:
    return {booking.reference: booking.queue_reason for booking in response.context["bookings"]}


@pytest.fixture
def day_of_reasons(now):
    """One booking for each reason of being in the queue."""
    soon = now + timedelta(hours=20)
    no_candidates = BookingFactory(status=Status.UNFILLED, starts_at=soon)
    expired = BookingFactory(status=Status.UNFILLED, starts_at=soon + timedelta(hours=1))
    OfferFactory(booking=expired, status=OfferStatus.EXPIRED, expires_at=now - timedelta(hours=1))
    at_risk = BookingFactory(status=Status.OFFERED, starts_at=soon + timedelta(hours=2))
    OfferFactory(booking=at_risk)
    withdrawn = BookingFactory(status=Status.SUBMITTED, starts_at=soon + timedelta(hours=3))
    StatusChange.objects.create(booking=withdrawn, from_status=Status.CONFIRMED, to_status=Status.SUBMITTED, at=now)
    holder = InterpreterFactory(languages={"ara": "certified"})
    LanguageSkill.objects.filter(interpreter=holder).update(valid_until=timezone.localdate(now))
    lapsed = BookingFactory(status=Status.CONFIRMED, interpreter=holder, starts_at=now + timedelta(days=3))
    return {
        "no_candidates": no_candidates,
        "round_expired": expired,
        "at_risk": at_risk,
        "withdrawn": withdrawn,
        "lapsed_certification": lapsed,
    }


def test_each_booking_says_why_it_is_in_the_queue(staff_client, day_of_reasons):
    response = queue(staff_client)
    assert reasons(response) == {booking.reference: reason for reason, booking in day_of_reasons.items()}
    page = response.content.decode()
    assert 'data-reason="round_expired">Ronde verlopen zonder aanvaarding' in page
    assert 'data-reason="withdrawn">Tolk teruggetrokken' in page


def test_the_queue_counts_its_bookings_per_reason_and_filters_on_one(staff_client, day_of_reasons, now):
    BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(hours=30))  # a second without candidates
    counts = {code: count for code, _label, count in queue(staff_client).context["counts"]}
    assert counts == {"no_candidates": 2, "round_expired": 1, "at_risk": 1, "lapsed_certification": 1, "withdrawn": 1}
    response = queue(staff_client, reason="no_candidates")
    assert set(reasons(response).values()) == {"no_candidates"} and len(reasons(response)) == 2


def test_the_queue_filters_on_region_language_mode_status_dates_and_urgency(staff_client, now):
    antwerp = OrganisationFactory(municipality=municipality("2000"))
    tomorrow = now + timedelta(hours=20)
    base = BookingFactory(status=Status.UNFILLED, starts_at=tomorrow)
    in_antwerp = BookingFactory(status=Status.UNFILLED, starts_at=tomorrow, organisation=antwerp)
    in_french = BookingFactory(status=Status.UNFILLED, starts_at=tomorrow, language_id="fra")
    by_phone = BookingFactory(status=Status.UNFILLED, starts_at=tomorrow, mode="phone", postcode="")
    offered = BookingFactory(status=Status.OFFERED, starts_at=tomorrow)
    later = BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(days=9))
    urgent = BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(days=8), urgent=True)
    translation = TranslationFactory(status=Status.UNFILLED, deadline=now + timedelta(days=2))

    def shown(**filters):
        return set(reasons(queue(staff_client, **filters)))

    assert shown(region=antwerp.municipality.region.pk) == {in_antwerp.reference}
    assert shown(language="fra") == {in_french.reference}
    assert shown(mode="phone") == {by_phone.reference}
    assert shown(mode="translation") == {translation.reference}
    assert shown(status="offered") == {offered.reference}
    day = timezone.localdate(later.starts_at)
    assert shown(due_from=day.isoformat(), due_until=day.isoformat()) == {later.reference}
    assert shown(urgency="urgent") == {urgent.reference}
    assert base.reference in shown(urgency="24h") and later.reference not in shown(urgency="24h")


def test_a_filter_with_bad_dates_shows_the_error_and_nothing_else(staff_client, now):
    BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(hours=20))
    response = queue(staff_client, due_from="2026-05-02", due_until="2026-05-01")
    assert response.context["bookings"] == []
    assert "Het einde ligt vóór het begin." in response.content.decode()


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_filtered_queue_makes_the_same_number_of_queries_whatever_its_length(staff_client, now):
    def add_one():
        booking = BookingFactory(status=Status.OFFERED, starts_at=now + timedelta(hours=5))
        OfferFactory(booking=booking, interpreter=InterpreterFactory())

    add_one()
    params = {"language": "ara", "urgency": "24h", "reason": "at_risk"}
    few = count_queries(staff_client, reverse("staff_queue"), params)
    for _ in range(6):
        add_one()
    # 9: the language typed into the filter is looked up (languages/search.py) besides its suggestions
    assert count_queries(staff_client, reverse("staff_queue"), params) == few == 9


def test_the_dispatch_view_shows_a_regions_day_across_the_hours_with_the_interpreters_jobs(staff_client, now):
    day = timezone.localdate(now) + timedelta(days=3)
    at = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(hours=9)
    worker = InterpreterFactory(languages={"ara": "certified"}, user__first_name="Samira", user__last_name="Haddad")
    open_one = BookingFactory(status=Status.UNFILLED, starts_at=at)
    confirmed = BookingFactory(status=Status.CONFIRMED, interpreter=worker, starts_at=at + timedelta(hours=2))
    elsewhere = BookingFactory(
        status=Status.CONFIRMED,
        interpreter=worker,
        starts_at=at + timedelta(hours=5),
        organisation=OrganisationFactory(municipality=municipality("9000")),
    )
    region = confirmed.organisation.municipality.region
    response = staff_client.get(reverse("staff_dispatch"), {"day": day.isoformat(), "region": region.pk})
    hours = dict(response.context["hours"])
    assert hours[9] == [open_one] and hours[11] == [confirmed]
    assert elsewhere not in [b for bookings in hours.values() for b in bookings]
    [row] = response.context["interpreters"]
    assert row.interpreter == worker
    assert row.hours[11] == [confirmed] and row.hours[14] == [elsewhere], "the interpreter's whole day is beside it"
    assert "Samira Haddad" in response.content.decode()


def test_the_dispatch_view_makes_the_same_number_of_queries_whatever_the_day_holds(staff_client, now):
    day = timezone.localdate(now) + timedelta(days=3)
    at = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())) + timedelta(hours=8)

    def add_one(hour):
        worker = InterpreterFactory(languages={"ara": "certified"})
        BookingFactory(status=Status.CONFIRMED, interpreter=worker, starts_at=at + timedelta(hours=hour))
        BookingFactory(status=Status.UNFILLED, starts_at=at + timedelta(hours=hour))

    add_one(0)
    params = {"day": day.isoformat()}
    few = count_queries(staff_client, reverse("staff_dispatch"), params)
    for hour in range(1, 6):
        add_one(hour)
    assert count_queries(staff_client, reverse("staff_dispatch"), params) == few


@pytest.mark.parametrize("name", ["staff_queue", "staff_dispatch"])
def test_the_queue_and_the_dispatch_view_are_for_staff_only(client, name):
    client.force_login(InterpreterFactory().user)
    assert client.get(reverse(name)).status_code == 403
