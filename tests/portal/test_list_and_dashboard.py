from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Feedback, Status
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, TranslationFactory, language

pytestmark = pytest.mark.django_db
LIST = reverse("requester_booking_list")


def refs(response):
    return [b.reference for b in response.context["page"].object_list]


def test_the_list_shows_only_the_current_organisations_bookings(client_in, organisation):
    mine = BookingFactory(organisation=organisation)
    BookingFactory(organisation=OrganisationFactory())
    assert refs(client_in.get(LIST)) == [mine.reference]


def test_the_list_filters_on_status(client_in, organisation):
    BookingFactory(organisation=organisation)
    cancelled = BookingFactory(organisation=organisation, status=Status.CANCELLED)
    assert refs(client_in.get(LIST, {"status": "cancelled"})) == [cancelled.reference]


def test_the_list_filters_on_language(client_in, organisation):
    BookingFactory(organisation=organisation)
    tir = BookingFactory(organisation=organisation, language=language("tir"))
    assert refs(client_in.get(LIST, {"language": "tir"})) == [tir.reference]


def test_the_list_filters_on_a_period_of_local_dates(client_in, organisation):
    def at(day, hour):
        return timezone.make_aware(datetime(2027, 2, day, hour, 0))

    BookingFactory(organisation=organisation, starts_at=at(9, 23))
    inside = [
        BookingFactory(organisation=organisation, starts_at=at(10, 0)),
        BookingFactory(organisation=organisation, starts_at=at(12, 23)),
    ]
    BookingFactory(organisation=organisation, starts_at=at(13, 0))
    response = client_in.get(LIST, {"date_from": "2027-02-10", "date_to": "2027-02-12"})
    assert sorted(refs(response)) == sorted(b.reference for b in inside)


def test_the_list_is_paged_and_keeps_the_filters_in_the_page_links(client_in, organisation):
    for _ in range(30):
        BookingFactory(organisation=organisation)
    first = client_in.get(LIST, {"status": "submitted"})
    assert len(first.context["page"].object_list) == 25
    assert "status=submitted&amp;page=2" in first.content.decode()
    second = client_in.get(LIST, {"status": "submitted", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert not set(refs(first)) & set(refs(second))


def make_bookings(organisation, count):
    interpreter = InterpreterFactory()
    now = timezone.now()
    for n in range(count):
        kind = n % 5
        if kind == 0:
            BookingFactory(
                organisation=organisation, status=Status.UNFILLED, starts_at=now + timedelta(days=1, hours=n)
            )
        elif kind == 1:
            BookingFactory(organisation=organisation, starts_at=now + timedelta(hours=10 + n))
        elif kind == 2:
            BookingFactory(
                organisation=organisation,
                status=Status.COMPLETED,
                interpreter=interpreter,
                starts_at=now - timedelta(days=1, hours=n * 3),
            )
        elif kind == 3:
            TranslationFactory(organisation=organisation)
        else:
            BookingFactory(
                organisation=organisation,
                status=Status.CONFIRMED,
                interpreter=interpreter,
                starts_at=now + timedelta(days=5, hours=n * 3),
            )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST, reverse("dashboard")], ids=["list", "dashboard"])
def test_the_number_of_queries_does_not_grow_with_the_bookings(client_in, organisation, url, django_assert_num_queries):
    make_bookings(organisation, 3)
    few = count_queries(client_in, url)
    make_bookings(organisation, 27)
    with django_assert_num_queries(few):
        client_in.get(url)


def test_the_dashboard_shows_upcoming_and_what_needs_attention(client_in, organisation):
    now = timezone.now()
    interpreter = InterpreterFactory()
    upcoming = BookingFactory(organisation=organisation, status=Status.CONFIRMED, interpreter=interpreter)
    unfilled = BookingFactory(organisation=organisation, status=Status.UNFILLED, starts_at=now + timedelta(days=1))
    at_risk = BookingFactory(organisation=organisation, status=Status.OFFERED, starts_at=now + timedelta(hours=30))
    later = BookingFactory(organisation=organisation, status=Status.OFFERED, starts_at=now + timedelta(days=9))
    done = BookingFactory(
        organisation=organisation, status=Status.COMPLETED, interpreter=interpreter, starts_at=now - timedelta(days=2)
    )
    rated = BookingFactory(
        organisation=organisation, status=Status.COMPLETED, interpreter=interpreter, starts_at=now - timedelta(days=3)
    )
    Feedback.objects.create(booking=rated, rating=5)
    translation = TranslationFactory(organisation=organisation)
    TranslationFactory(organisation=organisation, status=Status.CANCELLED)
    response = client_in.get(reverse("dashboard"))
    context = response.context
    assert upcoming in context["upcoming"] and later in context["upcoming"]
    assert list(context["unfilled"]) == [unfilled]
    assert list(context["at_risk"]) == [at_risk]
    assert list(context["awaiting_feedback"]) == [done]
    assert list(context["translations"]) == [translation]
    html = response.content.decode()
    assert reverse("requester_booking_new") in html
    assert reverse("requester_translation_new") in html


def test_the_dashboard_offers_an_organisation_picker_to_members_of_several(client_in, user, organisation):
    assert 'name="organisation"' not in client_in.get(reverse("dashboard")).content.decode()
    other = OrganisationFactory(name="CAW Limburg")
    other.memberships.create(user=user)
    html = client_in.get(reverse("dashboard")).content.decode()
    assert reverse("pick_organisation") in html
    assert "CAW Limburg" in html
    client_in.post(reverse("pick_organisation"), {"organisation": other.pk})
    theirs = BookingFactory(organisation=other)
    assert refs(client_in.get(LIST)) == [theirs.reference]
