"""An on-site request nobody can take: the requester switches to phone or video and matching starts again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bookings.models import Status
from matching.rounds import booking_match
from portal.services import booking_switch_to_remote
from tests.factories import BookingFactory, InterpreterFactory, municipality, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_away_booking(now):
    # the only Arabic interpreter lives in Hasselt and does not travel to Brugge
    interpreter = InterpreterFactory(languages={"ara": "sworn"}, max_travel_km=30)
    booking = BookingFactory(postcode="8000", municipality=municipality("8000"))
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    return booking, interpreter


def test_switching_an_unfilled_on_site_booking_to_phone_offers_it_again(far_away_booking, sent, now):
    booking, interpreter = far_away_booking
    user = requester(booking.organisation)
    booking = booking_switch_to_remote(booking=booking, mode="phone", by=user, now=now)
    assert booking.mode == "phone"
    assert booking.status == Status.OFFERED
    assert [o.interpreter for o in booking.offers.all()] == [interpreter]
    assert booking.offers.get().mode == "phone"
    assert booking.history.filter(note="Omgezet van ter plaatse naar telefonisch", by=user).exists()


def test_an_unfilled_on_site_booking_tells_staff_and_offers_the_requester_the_switch(far_away_booking, sent):
    booking, _ = far_away_booking
    assert sent["booking_unfilled"] == [booking]


def test_only_phone_or_video_can_be_chosen(far_away_booking, now):
    booking, _ = far_away_booking
    with pytest.raises(ValidationError):
        booking_switch_to_remote(booking=booking, mode="on_site", by=None, now=now)


def test_a_confirmed_booking_cannot_be_switched(now):
    booking = BookingFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())
    with pytest.raises(ValidationError):
        booking_switch_to_remote(booking=booking, mode="video", by=None, now=now)
    booking.refresh_from_db()
    assert booking.mode == "on_site"


def test_a_member_of_the_organisation_switches_through_the_page(far_away_booking, client):
    booking, _ = far_away_booking
    client.force_login(requester(booking.organisation))
    url = reverse("booking_switch_to_remote", args=[booking.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"mode": "video"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.mode == "video"
    assert booking.status == Status.OFFERED


def test_someone_from_another_organisation_gets_404(far_away_booking, client):
    booking, _ = far_away_booking
    client.force_login(requester())
    url = reverse("booking_switch_to_remote", args=[booking.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"mode": "video"}).status_code == 404
    booking.refresh_from_db()
    assert booking.mode == "on_site"


def test_a_bad_choice_shows_the_form_again(far_away_booking, client):
    booking, _ = far_away_booking
    client.force_login(requester(booking.organisation))
    response = client.post(reverse("booking_switch_to_remote", args=[booking.pk]), {"mode": "fax"})
    assert response.status_code == 200
    assert response.context["form"].errors["mode"]
