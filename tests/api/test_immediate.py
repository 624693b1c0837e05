"""“Nu een tolk” through the API: presence, an immediate request, its waves, the accept and the join link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Booking, OfferStatus, Status
from interpreters.models import Presence
from interpreters.presence import presence_set
from matching.rounds import booking_match
from tests.api.conftest import client_for
from tests.factories import InterpreterFactory

pytestmark = pytest.mark.django_db

IMMEDIATE = {"immediate": True, "mode": "video", "language": "ara", "sector": "gezondheid"}


def present(level="certified", **fields):
    interpreter = InterpreterFactory(languages={"ara": level}, **fields)
    presence_set(interpreter=interpreter, available=True, until=timezone.now() + timedelta(hours=1))
    return interpreter


def test_an_interpreter_says_it_is_present_until_a_time_and_reads_it_back(interpreter_api, now):
    until = (now + timedelta(hours=3)).replace(microsecond=0)
    response = interpreter_api.post("/api/v1/presence/", {"available": True, "until": until.isoformat()}, format="json")
    assert response.status_code == 200
    assert response.json()["available"] is True
    body = interpreter_api.get("/api/v1/presence/").json()
    assert body["available"] is True
    assert timezone.datetime.fromisoformat(body["until"]) == until


def test_presence_without_an_end_lasts_two_hours_and_can_be_switched_off(interpreter_api, now):
    body = interpreter_api.post("/api/v1/presence/", {"available": True, "until": None}, format="json").json()
    until = timezone.datetime.fromisoformat(body["until"])
    assert timedelta(hours=1, minutes=59) < until - now <= timedelta(hours=2, minutes=1)
    body = interpreter_api.post("/api/v1/presence/", {"available": False}, format="json").json()
    assert body == {"available": False, "until": None}
    assert not Presence.objects.exists()


@pytest.mark.parametrize(("hours", "error"), [(13, "until"), (-1, "until")])
def test_presence_beyond_twelve_hours_or_in_the_past_is_400(interpreter_api, now, hours, error):
    until = (now + timedelta(hours=hours)).isoformat()
    response = interpreter_api.post("/api/v1/presence/", {"available": True, "until": until}, format="json")
    assert response.status_code == 400
    assert error in response.json()
    assert not Presence.objects.exists()


def test_presence_is_for_interpreters_only(requester_api):
    assert requester_api.get("/api/v1/presence/").status_code == 403
    assert requester_api.post("/api/v1/presence/", {"available": True}, format="json").status_code == 403


def test_an_ended_presence_reads_as_not_available(interpreter_api, interpreter, now):
    Presence.objects.create(interpreter=interpreter, since=now - timedelta(hours=2), until=now - timedelta(minutes=1))
    assert interpreter_api.get("/api/v1/presence/").json() == {"available": False, "until": None}


def test_an_immediate_video_request_is_offered_at_once_to_present_interpreters_only(requester_api, settings):
    settings.TOLK_IMMEDIATE_WAVE_SIZE = 5
    here = [present(), present()]
    InterpreterFactory(languages={"ara": "sworn"})  # better ranked, but not present
    present(offers_video=False)  # present, but no video
    response = requester_api.post("/api/v1/bookings/", IMMEDIATE, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["immediate"] is True
    assert body["status"] == "offered"
    assert body["join"] is None
    booking = Booking.objects.get(pk=body["id"])
    assert abs((booking.starts_at - booking.created_at).total_seconds()) < 1
    assert booking.duration_minutes == settings.TOLK_IMMEDIATE_MINUTES
    assert {offer.interpreter_id for offer in booking.offers.all()} == {i.pk for i in here}
    offer = booking.offers.first()
    assert offer.expires_at - booking.created_at <= timedelta(seconds=settings.TOLK_IMMEDIATE_WAVE_SECONDS)


def test_first_accept_wins_and_both_sides_see_the_same_meeting_link(requester_api, settings):
    settings.TOLK_VIDEO_BASE_URL = "https://meet.example.be/"
    first, second = present(), present()
    booking_id = requester_api.post("/api/v1/bookings/", IMMEDIATE, format="json").json()["id"]
    offers = {o.interpreter_id: o for o in Booking.objects.get(pk=booking_id).offers.all()}
    listed = client_for(first.user).get("/api/v1/offers/").json()["results"]
    assert [row["booking"] for row in listed] == [booking_id]
    accepted = client_for(first.user).post(f"/api/v1/offers/{offers[first.pk].pk}/accept/")
    assert accepted.status_code == 200
    late = client_for(second.user).post(f"/api/v1/offers/{offers[second.pk].pk}/accept/")
    assert late.status_code == 409
    seen_by_requester = requester_api.get(f"/api/v1/bookings/{booking_id}/").json()
    seen_by_interpreter = client_for(first.user).get(f"/api/v1/bookings/{booking_id}/").json()
    assert seen_by_requester["status"] == "confirmed"
    assert seen_by_requester["join"]["href"].startswith("https://meet.example.be/Tolkportaal-")
    assert seen_by_requester["join"] == seen_by_interpreter["join"] == accepted.json()["join"]
    assert not Presence.objects.filter(interpreter=first).exists()  # a new job clears the presence
    assert Presence.objects.filter(interpreter=second).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"starts_at": "2030-01-01T10:00:00+01:00"}, "starts_at"),
        ({"mode": "on_site"}, "mode"),
        ({"mode_2": "phone"}, "mode_2"),
    ],
)
def test_an_immediate_request_with_a_start_or_on_site_is_400_and_stores_nothing(requester_api, extra, field):
    response = requester_api.post("/api/v1/bookings/", {**IMMEDIATE, **extra}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Booking.objects.exists()


def test_waves_go_down_the_ranking_on_decline_and_on_expiry(
    requester_api, settings, django_capture_on_commit_callbacks
):
    settings.TOLK_IMMEDIATE_WAVE_SIZE = 1
    best, middle, last = present("sworn"), present("certified"), present("trained")
    booking_id = requester_api.post("/api/v1/bookings/", IMMEDIATE, format="json").json()["id"]
    booking = Booking.objects.get(pk=booking_id)
    assert [o.interpreter_id for o in booking.offers.all()] == [best.pk]
    offer = booking.offers.get()
    with django_capture_on_commit_callbacks(execute=True):
        declined = client_for(best.user).post(f"/api/v1/offers/{offer.pk}/decline/", {}, format="json")
    assert declined.status_code == 200
    second = booking.offers.get(round_number=2)
    assert second.interpreter_id == middle.pk  # the decline started the next wave at once
    booking_match(booking_id=booking_id, now=second.expires_at + timedelta(seconds=1))
    second.refresh_from_db()
    assert second.status == OfferStatus.EXPIRED
    assert booking.offers.get(round_number=3).interpreter_id == last.pk


def test_nobody_within_the_give_up_time_makes_it_unfilled(requester_api, settings):
    present()
    booking_id = requester_api.post("/api/v1/bookings/", IMMEDIATE, format="json").json()["id"]
    booking = Booking.objects.get(pk=booking_id)
    give_up = booking.created_at + timedelta(seconds=settings.TOLK_IMMEDIATE_GIVE_UP_SECONDS)
    booking_match(booking_id=booking_id, now=give_up - timedelta(seconds=1))
    assert Booking.objects.get(pk=booking_id).status == Status.OFFERED
    booking_match(booking_id=booking_id, now=give_up)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert not booking.offers.filter(status=OfferStatus.OPEN).exists()
    assert requester_api.get(f"/api/v1/bookings/{booking_id}/").json()["status"] == "unfilled"


def test_nobody_present_yet_waits_and_offers_to_whoever_becomes_present(requester_api):
    body = requester_api.post("/api/v1/bookings/", IMMEDIATE, format="json").json()
    assert body["status"] == "submitted"
    later = present()
    booking_match(booking_id=body["id"])
    assert Booking.objects.get(pk=body["id"]).offers.get().interpreter_id == later.pk
