"""The API booking list keeps its rows' JSON by what they hold (config/fragments.py) and shows any change at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking, Status
from bookings.serializers import BookingSerializer
from interpreters.models import Mode
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/bookings/"


def rows(client):
    response = client.get(LIST)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_rows_are_serialized_once_for_the_same_content(requester_api, organisation, interpreter, monkeypatch):
    BookingFactory(organisation=organisation, mode=Mode.PHONE, status=Status.CONFIRMED, interpreter=interpreter)
    serialized = []
    original = BookingSerializer.to_representation
    monkeypatch.setattr(
        BookingSerializer,
        "to_representation",
        lambda self, instance: serialized.append(instance.pk) or original(self, instance),
    )
    first = rows(requester_api)
    second = rows(requester_api)
    assert second == first and len(serialized) == 1


def test_a_change_written_by_a_plain_update_is_in_the_next_answer(requester_api, organisation, interpreter):
    booking = BookingFactory(
        organisation=organisation, mode=Mode.PHONE, status=Status.CONFIRMED, interpreter=interpreter
    )
    assert rows(requester_api)[0]["status"] == "confirmed"
    organisation.__class__.objects.filter(pk=organisation.pk).update(phone="011 99 88 77")
    assert rows(requester_api)[0]["join"]["value"] == "011 99 88 77"  # the organisation's number, joined
    Booking.objects.filter(pk=booking.pk).update(status=Status.CANCELLED, late_cancellation=True)
    row = rows(requester_api)[0]
    assert row["status"] == "cancelled" and row["late_cancellation"] is True


def test_the_list_still_makes_its_queries(requester_api, organisation):
    BookingFactory(organisation=organisation)
    rows(requester_api)
    with CaptureQueriesContext(connection) as queries:
        rows(requester_api)
    assert any("bookings_booking" in query["sql"] for query in queries.captured_queries)
