"""An on-site request nobody can take: the requester switches to phone or video and matching starts again."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from bookings.models import Message, Status
from matching.rounds import booking_match
from portal.services import booking_switch_to_remote
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, municipality, requester
from tests.matching.outbox import offers_made, queued, staff_to_tell, unfilled

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return staff_to_tell()


@pytest.fixture
def far_away_booking(staff, now):
    # the only Arabic interpreter lives in Hasselt and does not travel to Brugge
    interpreter = InterpreterFactory(languages={"ara": "sworn"}, max_travel_km=30)
    organisation = OrganisationFactory()
    booking = BookingFactory(
        postcode="8000",
        municipality=municipality("8000"),
        organisation=organisation,
        requested_by=requester(organisation),
    )
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    return booking, interpreter


def test_switching_an_unfilled_on_site_booking_to_phone_offers_it_again(far_away_booking, staff, now):
    booking, interpreter = far_away_booking
    before = queued()
    user = requester(booking.organisation)
    booking = booking_switch_to_remote(booking=booking, mode="phone", by=user, now=now)
    assert booking.mode == "phone"
    assert booking.status == Status.OFFERED
    assert [o.interpreter for o in booking.offers.all()] == [interpreter]
    assert booking.offers.get().mode == "phone"
    assert "Omgezet van ter plaatse naar telefonisch" in [c.note_text for c in booking.history.filter(by=user)]
    # the interpreter gets the new offer; the requester hears the booking changed; staff are not told again
    assert before == unfilled(booking, staff)
    assert queued("offer_made") == offers_made(booking.offers.all())
    (changed,) = Message.objects.filter(kind="booking_changed")
    assert (changed.booking, changed.recipient, changed.to_email) == (
        booking,
        booking.requested_by,
        booking.requested_by.email,
    )
    assert changed.key.startswith(f"booking_changed:{booking.pk}:{booking.requested_by.pk}:")
    assert len(queued()) == len(before) + 2


def test_an_unfilled_on_site_booking_tells_staff_and_offers_the_requester_the_switch(far_away_booking, staff):
    booking, _ = far_away_booking
    assert queued() == unfilled(booking, staff)
    site = settings.SITE_URL.rstrip("/")
    to_requester = Message.objects.get(kind="booking_unfilled")
    assert f"{site}{reverse('booking_switch_to_remote', args=[booking.pk])}" in to_requester.body_text
    to_staff = Message.objects.get(kind="booking_unfilled_staff")
    assert f"{site}{reverse('staff_booking_desk', args=[booking.pk])}" in to_staff.body_text


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
