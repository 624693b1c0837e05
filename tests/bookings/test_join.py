"""Join details: the number to call, the meeting room or the address, wherever a confirmed job is shown."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from bookings.calendar import booking_ics
from bookings.lifecycle import booking_transition
from bookings.models import Booking, Status
from bookings.models.join import tel_href
from interpreters.models import Mode
from matching.offers import offer_accept
from tests.api.conftest import client_for
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, OrganisationFactory, requester

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("03 123 45 67", "tel:+3231234567"),
        ("0470/12.34.56", "tel:+32470123456"),
        ("+32 470 12 34 56", "tel:+32470123456"),
        ("0031 20 123 4567", "tel:+31201234567"),
    ],
)
def test_numbers_become_international_tel_links(written, href):
    assert tel_href(written) == href


def remote(mode, **fields):
    return BookingFactory(mode=mode, postcode="", municipality=None, address="", status=Status.OFFERED, **fields)


def accept(booking):
    """Confirmed the real way: an interpreter accepts the open offer."""
    offer = OfferFactory(booking=booking, interpreter=InterpreterFactory(languages={"ara": "certified"}))
    offer_accept(offer=offer, by=offer.interpreter.user)
    return Booking.objects.get(pk=booking.pk)


def test_a_confirmed_video_job_gets_an_unguessable_room_on_the_configured_server(settings):
    settings.TOLK_VIDEO_BASE_URL = "https://video.example.be/"
    first, second = accept(remote(Mode.VIDEO)), accept(remote(Mode.VIDEO))
    assert first.join.href.startswith("https://video.example.be/Tolkportaal-")
    assert first.join.href != second.join.href
    assert len(first.meeting_room) >= len("Tolkportaal-") + 22  # 128 random bits


def test_the_room_is_kept_when_the_job_is_confirmed_again():
    booking = accept(remote(Mode.VIDEO))
    room = booking.meeting_room
    booking_transition(booking=booking, to=Status.SUBMITTED, interpreter=None)
    booking_transition(booking=booking, to=Status.CONFIRMED, interpreter=InterpreterFactory())
    assert Booking.objects.get(pk=booking.pk).meeting_room == room


def test_the_requesters_own_link_wins_over_a_room():
    booking = accept(remote(Mode.VIDEO, connection_details="https://teams.example.be/meet/42"))
    assert booking.join.as_dict() == {
        "kind": "video",
        "value": "https://teams.example.be/meet/42",
        "href": "https://teams.example.be/meet/42",
    }


def test_a_phone_job_without_a_number_uses_the_organisations():
    booking = accept(remote(Mode.PHONE, organisation=OrganisationFactory(phone="011 22 33 44")))
    assert booking.join.href == "tel:+3211223344"


def test_the_api_shows_join_only_once_the_job_is_confirmed():
    organisation = OrganisationFactory()
    api = client_for(requester(organisation))
    booking = remote(Mode.PHONE, organisation=organisation, connection_details="09 876 54 32")
    url = reverse("api:booking", args=[booking.pk])
    assert api.get(url).json()["join"] is None
    accept(booking)
    assert api.get(url).json()["join"] == {"kind": "phone", "value": "09 876 54 32", "href": "tel:+3298765432"}


def test_the_calendar_file_and_the_confirmation_mail_carry_the_join_details(django_capture_on_commit_callbacks):
    booking = remote(Mode.VIDEO, organisation=OrganisationFactory())
    with django_capture_on_commit_callbacks(execute=True):
        booking = accept(booking)
    event = Calendar.from_ical(booking_ics(booking)).walk("VEVENT")[0]
    assert str(event["location"]) == booking.join.value
    assert booking.join.value in str(event["description"])
    confirmations = [m for m in mail.outbox if m.to == [booking.interpreter.user.email]]
    assert confirmations, [m.subject for m in mail.outbox]
    assert all(booking.join.value in m.body for m in confirmations)


def test_the_agenda_links_the_number_to_tap(client):
    booking = accept(remote(Mode.PHONE, connection_details="03 123 45 67"))
    client.force_login(booking.interpreter.user)
    page = client.get(reverse("interpreter_agenda")).content.decode()
    assert 'href="tel:+3231234567"' in page
