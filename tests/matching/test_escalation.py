"""What cannot be filled reaches staff: no candidates, everyone said no, or the start is too close."""

from datetime import timedelta

import pytest

from bookings.models import Booking, Message, MessageStatus, OfferStatus, Status
from matching.offers import offer_decline
from matching.rounds import booking_match, bookings_escalate_due
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, language, requester
from tests.matching.outbox import mails, offers_made, offers_withdrawn, queued, sent, staff_to_tell, unfilled

pytestmark = pytest.mark.django_db


def last_note(booking):
    return booking.history.order_by("-at", "-id").first().note_text


@pytest.fixture
def staff():
    return staff_to_tell()


@pytest.fixture
def requested():
    """A booking's organisation and the member who requested it: the requester hears that no one was found."""
    organisation = OrganisationFactory()
    return {"organisation": organisation, "requested_by": requester(organisation)}


def test_a_language_no_active_interpreter_has_goes_straight_to_unfilled(staff, requested, now):
    InterpreterFactory(languages={"tir": "sworn"}, is_active=False)
    booking = BookingFactory(language=language("tir"), **requested)
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert last_note(booking) == "Geen actieve tolk voor deze taal"
    assert queued() == unfilled(booking, staff)


def test_when_holders_exist_but_none_qualifies_the_reason_says_so(staff, requested, now):
    InterpreterFactory(languages={"ara": "sworn"}, offers_on_site=False)
    booking = BookingFactory(**requested)
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert last_note(booking) == "Geen tolk voldoet aan alle voorwaarden"
    assert queued() == unfilled(booking, staff)


def test_when_every_candidate_declined_the_booking_becomes_unfilled(
    staff, requested, now, django_capture_on_commit_callbacks
):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(**requested)
    booking_match(booking_id=booking.pk, now=now)
    offer = booking.offers.get()
    with django_capture_on_commit_callbacks(execute=True):
        offer_decline(offer=offer, reason="Ziek")
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert last_note(booking) == "Alle kandidaten weigerden of antwoordden niet op tijd"
    assert queued() == sorted([*offers_made([offer]), *unfilled(booking, staff)])
    # the next match (run on the decline's commit) escalated, and its mails went out once that committed
    assert mails() == sent(unfilled(booking, staff))
    assert set(
        Message.objects.filter(kind__in=["booking_unfilled", "booking_unfilled_staff"]).values_list("status", flat=True)
    ) == {MessageStatus.SENT}


def test_matching_after_the_on_site_cut_off_makes_the_booking_unfilled(staff, requested, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(starts_at=now + timedelta(minutes=110), **requested)  # cut-off: 2 h before on-site
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert not booking.offers.exists()
    assert queued() == unfilled(booking, staff)  # no offer mail


def test_a_phone_job_may_still_be_matched_until_15_minutes_before(staff, requested, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(mode="phone", starts_at=now + timedelta(minutes=30), **requested)
    booking_match(booking_id=booking.pk, now=now)
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    assert queued() == offers_made(booking.offers.all())  # offered, and staff are not told
    assert len(queued()) == 1


def test_the_sweep_escalates_an_offered_booking_past_its_cut_off_and_withdraws_its_offers(staff, requested, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(starts_at=now + timedelta(hours=3), **requested)
    booking_match(booking_id=booking.pk, now=now)
    offer = booking.offers.get()
    later = now + timedelta(hours=1, minutes=1)
    assert bookings_escalate_due(now=later) == [booking.pk]
    after_first_sweep = queued()
    assert bookings_escalate_due(now=later) == []
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    assert booking.offers.get().status == OfferStatus.WITHDRAWN
    assert last_note(booking) == "Niet op tijd ingevuld"
    assert after_first_sweep == sorted([*offers_made([offer]), *offers_withdrawn([offer]), *unfilled(booking, staff)])
    assert queued() == after_first_sweep  # the second sweep told no one again


def test_the_sweep_leaves_bookings_before_their_cut_off_alone(staff, requested, now):
    booking = BookingFactory(starts_at=now + timedelta(hours=3), status=Status.OFFERED, **requested)
    assert bookings_escalate_due(now=now) == []
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    assert queued() == []


def test_the_sweep_leaves_old_open_history_alone(staff, requested, now):
    old = BookingFactory(status=Status.SUBMITTED, starts_at=now - timedelta(days=30), **requested)
    assert bookings_escalate_due(now=now) == []
    assert Booking.objects.get(pk=old.pk).status == Status.SUBMITTED
    assert queued() == []
