"""Staff cannot break a requirement by accident: assigning someone who fails one needs a reason, logged."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bookings.models import Booking, Status
from portal.services import booking_assign
from tests.api.conftest import client_for
from tests.factories import BookingFactory, StaffFactory
from tests.matching.conftest import interpreter

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory(username="planner", first_name="Petra", last_name="Planner")


def test_assigning_someone_who_fails_a_requirement_is_refused_without_a_reason(staff):
    man = interpreter("man", gender="m")
    booking = BookingFactory(gender_preference="f", gender_required=True)
    with pytest.raises(ValidationError) as refused:
        booking_assign(booking=booking, interpreter=man, by=staff)
    assert "Voldoet niet aan de gevraagde gender" in refused.value.message_dict["interpreter"][0]
    assert Booking.objects.get(pk=booking.pk).status == Status.SUBMITTED


def test_an_override_with_a_reason_assigns_and_logs_who_and_why(staff):
    man = interpreter("man", gender="m")
    booking = BookingFactory(gender_preference="f", gender_required=True)
    booking = booking_assign(booking=booking, interpreter=man, by=staff, override_reason="cliënte stemde in")
    assert (booking.status, booking.interpreter) == (Status.CONFIRMED, man)
    change = booking.history.get(to_status=Status.CONFIRMED)
    assert change.by == staff
    assert "Vereisten overschreven door" in change.note_text
    assert "Voldoet niet aan de gevraagde gender" in change.note_text
    assert "Reden: cliënte stemde in" in change.note_text


def test_someone_who_meets_every_requirement_needs_no_override(staff):
    woman = interpreter("woman", gender="f")
    booking = BookingFactory(gender_preference="f", gender_required=True)
    booking = booking_assign(booking=booking, interpreter=woman, by=staff)
    assert "overschreven" not in booking.history.get(to_status=Status.CONFIRMED).note_text


def test_the_planning_desk_assigns_with_an_override_from_the_excluded_list(client, staff):
    man = interpreter("man", gender="m")
    booking = BookingFactory(gender_preference="f", gender_required=True)
    client.force_login(staff)
    desk = client.get(reverse("staff_booking_desk", args=[booking.pk])).content.decode()
    assert 'id="exclusions"' in desk and "Voldoet niet aan de gevraagde gender" in desk
    url = reverse("staff_booking_assign", args=[booking.pk])
    client.post(url, {"interpreter": man.pk})
    assert Booking.objects.get(pk=booking.pk).status == Status.SUBMITTED
    client.post(url, {"interpreter": man.pk, "override_reason": "enige tolk beschikbaar"})
    booking.refresh_from_db()
    assert booking.interpreter == man
    assert any("Reden: enige tolk beschikbaar" in c.note_text for c in booking.history.filter(by=staff))


def test_the_api_assign_takes_an_override_reason(staff):
    man = interpreter("man", gender="m")
    booking = BookingFactory(gender_preference="f", gender_required=True)
    api = client_for(staff)
    url = f"/api/v1/bookings/{booking.pk}/assign/"
    refused = api.post(url, {"interpreter": man.pk}, format="json")
    assert refused.status_code == 400
    assert "interpreter" in refused.json()
    accepted = api.post(url, {"interpreter": man.pk, "override_reason": "op vraag van de cliënte"}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert any("op vraag van de cliënte" in c.note_text for c in Booking.objects.get(pk=booking.pk).history.all())


def test_the_desk_shows_per_candidate_which_requirements_and_wishes_it_meets(client, staff):
    interpreter("woman", gender="f")
    booking = BookingFactory(gender_preference="f", min_level="sworn")
    client.force_login(staff)
    page = client.get(reverse("staff_booking_desk", args=[booking.pk])).content.decode()
    assert "✓ wens: Gender: vrouw" in page
    assert "✗ wens: Minstens beëdigd" in page
