"""What cannot be filled reaches staff: no candidates, everyone said no, or the start is too close."""

from datetime import timedelta

import pytest

from bookings.models import Booking, OfferStatus, Status
from matching.offers import offer_decline
from matching.rounds import booking_match, bookings_escalate_due
from tests.factories import BookingFactory, InterpreterFactory, language

pytestmark = pytest.mark.django_db


def last_note(booking):
    return booking.history.order_by("-at", "-id").first().note


def test_a_language_no_active_interpreter_has_goes_straight_to_unfilled(sent, now):
    InterpreterFactory(languages={"tir": "sworn"}, is_active=False)
    booking = BookingFactory(language=language("tir"))
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert last_note(booking) == "Geen actieve tolk voor deze taal"
    assert sent["booking_unfilled"] == [booking]


def test_when_holders_exist_but_none_qualifies_the_reason_says_so(sent, now):
    InterpreterFactory(languages={"ara": "sworn"}, offers_on_site=False)
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert last_note(booking) == "Geen tolk voldoet aan alle voorwaarden"


def test_when_every_candidate_declined_the_booking_becomes_unfilled(sent, now, django_capture_on_commit_callbacks):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        offer_decline(offer=booking.offers.get(), reason="Ziek")
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert last_note(booking) == "Alle kandidaten weigerden of antwoordden niet op tijd"
    assert sent["booking_unfilled"] == [booking]


def test_matching_after_the_on_site_cut_off_makes_the_booking_unfilled(sent, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(starts_at=now + timedelta(minutes=110))  # cut-off: 2 h before an on-site start
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert not booking.offers.exists()


def test_a_phone_job_may_still_be_matched_until_15_minutes_before(sent, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(mode="phone", starts_at=now + timedelta(minutes=30))
    booking_match(booking_id=booking.pk, now=now)
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED


def test_the_sweep_escalates_an_offered_booking_past_its_cut_off_and_withdraws_its_offers(sent, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(starts_at=now + timedelta(hours=3))
    booking_match(booking_id=booking.pk, now=now)
    later = now + timedelta(hours=1, minutes=1)
    assert bookings_escalate_due(now=later) == [booking.pk]
    assert bookings_escalate_due(now=later) == []
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert booking.offers.get().status == OfferStatus.WITHDRAWN
    assert last_note(booking) == "Niet op tijd ingevuld"


def test_the_sweep_leaves_bookings_before_their_cut_off_alone(sent, now):
    booking = BookingFactory(starts_at=now + timedelta(hours=3), status=Status.OFFERED)
    assert bookings_escalate_due(now=now) == []
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED


def test_the_sweep_leaves_old_open_history_alone(sent, now):
    old = BookingFactory(status=Status.SUBMITTED, starts_at=now - timedelta(days=30))
    assert bookings_escalate_due(now=now) == []
    assert Booking.objects.get(pk=old.pk).status == Status.SUBMITTED
