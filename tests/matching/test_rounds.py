"""Offer rounds: a few candidates at a time, expiry by distance to the start, next round, withdrawal."""

from datetime import timedelta

import pytest

from bookings.models import Booking, Message, MessageStatus, Offer, OfferStatus, Status
from matching.offers import offer_accept, offer_decline
from matching.rounds import booking_match, offers_expire
from matching.tasks import sweep_offer_rounds
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, requester
from tests.matching.outbox import mails, message, offers_made, offers_withdrawn, queued, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def five():
    levels = ["sworn", "certified", "certified", "trained", "none"]
    return [InterpreterFactory(languages={"ara": level}) for level in levels]


def test_a_round_offers_the_job_to_the_best_three_candidates(five, now, settings, django_capture_on_commit_callbacks):
    settings.TOLK_CANDIDATES_PER_ROUND = 3
    booking = BookingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking_match(booking_id=booking.pk, now=now)
        # the round's mails are queued with the offers, in one go (notify_offers_made), and not rendered while
        # matching: their send tasks render them
        assert Message.objects.count() == 3
        assert not Message.objects.filter(rendered=True).exists()
    offers = list(booking.offers.order_by("rank"))
    assert [o.interpreter for o in offers] == five[:3]
    assert {o.round_number for o in offers} == {1}
    assert offers[0].reason_texts[0] == "Niveau: Beëdigd"
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    # exactly one offer mail per offer, to each offered interpreter, and nothing else
    assert queued() == offers_made(offers)
    # sent once the round committed
    assert mails() == sent(offers_made(offers))
    assert set(Message.objects.values_list("status", "rendered")) == {(MessageStatus.SENT, True)}


def test_the_round_size_is_a_setting(five, now, settings):
    settings.TOLK_CANDIDATES_PER_ROUND = 2
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    assert booking.offers.count() == 2
    assert queued() == offers_made(booking.offers.all())
    assert len(queued()) == 2


@pytest.mark.parametrize(
    ("starts_in", "round_lasts"),
    [
        (timedelta(days=10), timedelta(hours=24)),
        (timedelta(days=3), timedelta(hours=4)),
        (timedelta(hours=30), timedelta(hours=1)),
        (timedelta(hours=5), timedelta(minutes=15)),
        (timedelta(hours=2, minutes=10), timedelta(minutes=10)),  # capped at the on-site cut-off
    ],
)
def test_a_round_expires_sooner_as_the_start_nears(starts_in, round_lasts, now):
    interpreter = InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(starts_at=now + starts_in)
    booking_match(booking_id=booking.pk, now=now)
    offer = booking.offers.get()
    assert offer.expires_at == now + round_lasts
    assert queued() == offers_made([offer]) == [message("offer_made", booking, interpreter.user, offer.pk)]


def test_matching_twice_does_not_start_a_second_round_while_one_is_open(five, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    booking_match(booking_id=booking.pk, now=now + timedelta(minutes=5))
    assert booking.offers.count() == 3
    assert queued() == offers_made(booking.offers.all())  # the second match queued nothing
    assert len(queued()) == 3


def test_when_everyone_in_the_round_declines_the_next_round_goes_out(five, now, django_capture_on_commit_callbacks):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    first = list(booking.offers.all())
    for offer in first:
        with django_capture_on_commit_callbacks(execute=True):
            offer_decline(offer=offer, reason="Geen tijd")
    second = booking.offers.filter(round_number=2)
    assert [o.interpreter for o in second.order_by("rank")] == five[3:]
    assert booking.offers.filter(status=OfferStatus.DECLINED).count() == 3
    # a decline tells no one; the second round's two interpreters get their offer, and it is sent
    assert queued() == offers_made([*first, *second])
    assert mails() == sent(offers_made(second))


def test_one_decline_while_others_are_open_waits_for_the_round(five, now, django_capture_on_commit_callbacks):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        offer_decline(offer=booking.offers.first(), reason="")
    assert not booking.offers.filter(round_number=2).exists()
    assert queued() == offers_made(booking.offers.all())
    assert len(queued()) == 3
    assert mails() == []


def test_expired_offers_are_claimed_once_and_start_the_next_round(five, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    later = now + timedelta(hours=25)
    assert offers_expire(now=later) == [booking.pk]
    assert offers_expire(now=later) == []  # a second worker finds nothing left to claim
    assert booking.offers.filter(status=OfferStatus.EXPIRED).count() == 3
    booking_match(booking_id=booking.pk, now=later)
    assert booking.offers.filter(round_number=2, status=OfferStatus.OPEN).count() == 2
    assert queued() == offers_made(booking.offers.all())  # each offer of both rounds once, nothing else
    assert len(queued()) == 5


def test_the_periodic_sweep_expires_offers_and_starts_the_next_round(five, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now - timedelta(days=2))
    assert booking.offers.filter(expires_at__lt=now).count() == 3
    sweep_offer_rounds()
    assert booking.offers.filter(round_number=2, status=OfferStatus.OPEN).count() == 2
    assert queued() == offers_made(booking.offers.all())
    assert len(queued()) == 5


def test_accepting_confirms_the_booking_and_withdraws_the_other_offers(five, now, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    booking = BookingFactory(organisation=organisation, requested_by=requester(organisation))
    booking_match(booking_id=booking.pk, now=now)
    first, *others = booking.offers.order_by("rank")
    with django_capture_on_commit_callbacks(execute=True):
        booking = offer_accept(offer=first, now=now)
    assert booking.status == Status.CONFIRMED
    assert booking.interpreter == five[0]
    assert {o.status for o in Offer.objects.filter(pk__in=[o.pk for o in others])} == {OfferStatus.WITHDRAWN}
    # the others are told their offer was withdrawn (the winner is not); the requester and the winner hear
    # that the job is confirmed
    assert queued("offer_withdrawn") == offers_withdrawn(others)
    assert len(others) == 2
    told = [
        *offers_withdrawn(others),
        message("booking_confirmed", booking, booking.requested_by, five[0].pk),
        message("job_confirmed", booking, five[0].user),
    ]
    assert queued() == sorted([*offers_made([first, *others]), *told])
    assert mails() == sent(told)


def test_the_sweep_matches_a_submitted_booking_whose_match_task_was_lost(five, now):
    booking = BookingFactory(created_at=now - timedelta(minutes=10))
    sweep_offer_rounds()
    assert booking.offers.filter(round_number=1).count() == 3
    assert queued() == offers_made(booking.offers.all())
    assert len(queued()) == 3


def test_the_sweep_leaves_a_just_submitted_booking_to_its_own_task(five, now):
    booking = BookingFactory(created_at=now)
    sweep_offer_rounds()
    assert not booking.offers.exists()
    assert queued() == []


def test_an_offers_reasons_are_kept_as_notes_and_read_in_the_readers_language(now, settings):
    """The worker makes the round in Dutch; staff reading the desk in French or English see their language."""
    from django.utils import translation

    from interpreters.models import Level

    settings.TOLK_CANDIDATES_PER_ROUND = 1
    InterpreterFactory(languages={"ara": "certified"}, gender="f")
    booking = BookingFactory(gender_preference="f", gender_required=False)
    with translation.override("nl"):
        booking_match(booking_id=booking.pk, now=now)
    offer = booking.offers.get()
    assert all(isinstance(reason, dict) for reason in offer.reasons), offer.reasons
    with translation.override("nl"):
        dutch = offer.reason_texts
    assert dutch[0] == "Wens vervuld: Geslacht: vrouw" and dutch[1] == "Niveau: Gecertificeerd"
    for language in ("fr", "en"):
        with translation.override(language):
            texts = offer.reason_texts
            level = str(Level("certified").label)
        assert len(texts) == len(dutch) and not set(texts) & set(dutch), texts
        assert level in texts[1] and level != "Gecertificeerd"


def test_reasons_stored_as_text_before_the_codes_are_shown_as_they_are(five, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    offer = booking.offers.first()
    offer.reasons = ["Niveau: Beëdigd"]
    assert offer.reason_texts == ["Niveau: Beëdigd"]
