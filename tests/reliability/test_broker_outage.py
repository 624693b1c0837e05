"""Redis unreachable: booking still works at once, nothing is lost, the beat sweeps pick the work up later."""

import logging
import signal
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from bookings.models import Booking, Message, MessageStatus, Offer, Status
from matching.rounds import bookings_stalled
from matching.tasks import sweep_offer_rounds
from notifications.outbox import outbox_flush
from tests.factories import InterpreterFactory, OrganisationFactory, requester

DEAD_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens here
pytestmark = pytest.mark.django_db


class Hang(Exception):
    pass


def within(seconds: int, action):
    """Run `action`; fail when it has not returned after `seconds` (a hang, not a benchmark)."""

    def give_up(signum, frame):
        raise Hang(f"still waiting after {seconds} s: the request hangs on the dead broker")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        return action()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def body():
    return {
        "kind": "interpreting",
        "mode": "video",
        "language": "ara",
        "starts_at": (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0).isoformat(),
        "duration_minutes": 60,
        "sector": "welzijn",
    }


def test_a_booking_made_while_redis_is_down_is_stored_and_matched_once_the_sweep_runs(
    broker_at, body, caplog, django_capture_on_commit_callbacks
):
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    user = requester(OrganisationFactory())
    api = APIClient()
    api.force_authenticate(user)
    broker = broker_at(DEAD_BROKER)

    with caplog.at_level(logging.WARNING, logger="bookings.enqueue"), django_capture_on_commit_callbacks(execute=True):
        response = within(30, lambda: api.post("/api/v1/bookings/", body, format="json"))

    assert response.status_code == 201, response.content
    booking = Booking.objects.get(pk=response.json()["id"])
    assert booking.status == Status.SUBMITTED
    assert not Offer.objects.filter(booking=booking).exists()  # the match task never reached a worker
    assert "bookings.match_booking" in caplog.text  # logged, with the id only
    # the requester's confirmation email is safe in the outbox, waiting
    received = Message.objects.get(booking=booking, kind="booking_received")
    assert received.status == MessageStatus.PENDING

    # The broker is back. The sweep (beat, every minute) finds the booking whose matching never ran ...
    broker.restore()
    later = timezone.now() + timedelta(minutes=6)
    assert bookings_stalled(now=later) == [booking.pk]
    from unittest import mock

    with mock.patch("matching.tasks.timezone.now", return_value=later):
        sweep_offer_rounds.delay()  # eager here: runs the sweep and the match it enqueues
    offer = Offer.objects.get(booking=booking)
    assert offer.interpreter == interpreter
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    # ... and the outbox flush sends the waiting message exactly once.
    assert received.pk in outbox_flush()
    received.refresh_from_db()
    assert received.status == MessageStatus.SENT
    assert outbox_flush() == []


def test_declining_and_cancelling_while_redis_is_down_never_fail(broker_at, django_capture_on_commit_callbacks):
    from matching.offers import offer_decline
    from portal.services import booking_cancel
    from tests.factories import BookingFactory, OfferFactory

    user = requester(OrganisationFactory())
    booking = BookingFactory(
        status=Status.OFFERED, requested_by=user, organisation=user.memberships.first().organisation
    )
    offer = OfferFactory(booking=booking)
    broker_at(DEAD_BROKER)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        within(30, lambda: offer_decline(offer=offer, by=offer.interpreter.user))  # enqueues the next round
        within(30, lambda: booking_cancel(booking=booking, by=user, reason="Cliënt verhuisd"))
    assert callbacks  # the enqueues did run, against the dead broker
    assert Booking.objects.get(pk=booking.pk).status == Status.CANCELLED


def test_a_replacement_whose_match_task_was_lost_is_picked_up_by_the_sweep(
    broker_at, settings, django_capture_on_commit_callbacks
):
    """A withdrawal while Redis is down: the job is back in `submitted` with the offers of before, none open, and
    the new round's task never reached a worker. The sweep finds it once it has been quiet a while."""
    from matching.offers import offer_accept
    from matching.rounds import round_start
    from portal.services import booking_withdraw
    from tests.factories import BookingFactory

    settings.TOLK_CANDIDATES_PER_ROUND = 2
    first = InterpreterFactory(languages={"ara": "certified"})
    second = InterpreterFactory(languages={"ara": "certified"})
    booking = BookingFactory(starts_at=(timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0))
    (offer,) = [o for o in round_start(booking=booking, now=timezone.now()) if o.interpreter == first]
    offer_accept(offer=offer, by=first.user)

    broker = broker_at(DEAD_BROKER)
    with django_capture_on_commit_callbacks(execute=True):
        booking_withdraw(booking=booking, by=first.user, reason="Ziek")
    booking.refresh_from_db()
    assert booking.status == Status.SUBMITTED and booking.offers.exists()
    assert not booking.offers.filter(status="open").exists(), "the replacement round never ran"
    assert bookings_stalled(now=timezone.now()) == [], "not while it may still be on its way"

    broker.restore()
    later = timezone.now() + timedelta(seconds=settings.TOLK_MATCH_STALLED_SECONDS + 1)
    assert bookings_stalled(now=later) == [booking.pk]
    from unittest import mock

    with mock.patch("matching.tasks.timezone.now", return_value=later):
        sweep_offer_rounds.delay()
    assert list(booking.offers.filter(status="open").values_list("interpreter", flat=True)) == [second.pk]
    assert Booking.objects.get(pk=booking.pk).status == Status.OFFERED
    assert bookings_stalled(now=later + timedelta(hours=1)) == [], "an offered booking is not stalled"
