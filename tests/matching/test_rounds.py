"""Offer rounds: a few candidates at a time, expiry by distance to the start, next round, withdrawal."""

from datetime import timedelta

import pytest

from bookings.models import Booking, Offer, OfferStatus, Status
from matching.offers import offer_accept, offer_decline
from matching.rounds import booking_match, offers_expire
from matching.tasks import sweep_offer_rounds
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five():
    levels = ["sworn", "certified", "certified", "trained", "none"]
    return [InterpreterFactory(languages={"ara": level}) for level in levels]


def test_a_round_offers_the_job_to_the_best_three_candidates(five, sent, now, settings):
    settings.TOLK_CANDIDATES_PER_ROUND = 3
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    offers = list(booking.offers.order_by("rank"))
    assert [o.interpreter for o in offers] == five[:3]
    assert {o.round_number for o in offers} == {1}
    assert offers[0].reasons[0] == "Niveau: Beëdigd"
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    assert sent["offers_made"] == [offers]  # one call for the round (bookings.offer_mails.notify_offers_made)


def test_the_round_size_is_a_setting(five, sent, now, settings):
    settings.TOLK_CANDIDATES_PER_ROUND = 2
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    assert booking.offers.count() == 2


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
def test_a_round_expires_sooner_as_the_start_nears(starts_in, round_lasts, sent, now):
    InterpreterFactory(languages={"ara": "sworn"})
    booking = BookingFactory(starts_at=now + starts_in)
    booking_match(booking_id=booking.pk, now=now)
    assert booking.offers.get().expires_at == now + round_lasts


def test_matching_twice_does_not_start_a_second_round_while_one_is_open(five, sent, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    booking_match(booking_id=booking.pk, now=now + timedelta(minutes=5))
    assert booking.offers.count() == 3


def test_when_everyone_in_the_round_declines_the_next_round_goes_out(
    five, sent, now, django_capture_on_commit_callbacks
):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    for offer in booking.offers.all():
        with django_capture_on_commit_callbacks(execute=True):
            offer_decline(offer=offer, reason="Geen tijd")
    second = booking.offers.filter(round_number=2)
    assert [o.interpreter for o in second.order_by("rank")] == five[3:]
    assert booking.offers.filter(status=OfferStatus.DECLINED).count() == 3


def test_one_decline_while_others_are_open_waits_for_the_round(five, sent, now, django_capture_on_commit_callbacks):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    with django_capture_on_commit_callbacks(execute=True):
        offer_decline(offer=booking.offers.first(), reason="")
    assert not booking.offers.filter(round_number=2).exists()


def test_expired_offers_are_claimed_once_and_start_the_next_round(five, sent, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    later = now + timedelta(hours=25)
    assert offers_expire(now=later) == [booking.pk]
    assert offers_expire(now=later) == []  # a second worker finds nothing left to claim
    assert booking.offers.filter(status=OfferStatus.EXPIRED).count() == 3
    booking_match(booking_id=booking.pk, now=later)
    assert booking.offers.filter(round_number=2, status=OfferStatus.OPEN).count() == 2


def test_the_periodic_sweep_expires_offers_and_starts_the_next_round(five, sent, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now - timedelta(days=2))
    assert booking.offers.filter(expires_at__lt=now).count() == 3
    sweep_offer_rounds()
    assert booking.offers.filter(round_number=2, status=OfferStatus.OPEN).count() == 2


def test_accepting_confirms_the_booking_and_withdraws_the_other_offers(five, sent, now):
    booking = BookingFactory()
    booking_match(booking_id=booking.pk, now=now)
    first, *others = booking.offers.order_by("rank")
    booking = offer_accept(offer=first, now=now)
    assert booking.status == Status.CONFIRMED
    assert booking.interpreter == five[0]
    assert {o.status for o in Offer.objects.filter(pk__in=[o.pk for o in others])} == {OfferStatus.WITHDRAWN}
    assert sorted(o.pk for o in sent["offer_withdrawn"]) == sorted(o.pk for o in others)


def test_the_sweep_matches_a_submitted_booking_whose_match_task_was_lost(five, sent, now):
    booking = BookingFactory(created_at=now - timedelta(minutes=10))
    sweep_offer_rounds()
    assert booking.offers.filter(round_number=1).count() == 3


def test_the_sweep_leaves_a_just_submitted_booking_to_its_own_task(five, sent, now):
    booking = BookingFactory(created_at=now)
    sweep_offer_rounds()
    assert not booking.offers.exists()
