"""A series is offered as one block: one offer (and one mail) for its first date, accepting all its dates at once,
the clashing dates shown and left for someone else; a planner can split it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Message, Offer, OfferStatus, Status
from bookings.requests import BookingRequest
from interpreters.models import Absence
from matching.offers import OfferUnavailable
from matching.oneclick import offer_action_url, offer_from_token
from matching.series import block_preview, offer_accept_series
from portal.services import booking_series_submit, series_split
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, language, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def tolk():
    return InterpreterFactory(user__username="tolk", languages={"ara": "certified"})


@pytest.fixture
def series(django_capture_on_commit_callbacks):
    def submit(count=4, **fields):
        with django_capture_on_commit_callbacks(execute=True):  # matching starts once the series is stored
            return _series(count, **fields)

    return submit


def _series(count=4, **fields):
    organisation = OrganisationFactory()
    start = (timezone.now() + timedelta(days=9)).replace(hour=10, minute=0, second=0, microsecond=0)
    request = BookingRequest(
        kind="interpreting",
        language=language("ara"),
        mode="phone",
        starts_at=start,
        duration_minutes=60,
        connection_details="011 23 45 67",
        **fields,
    )
    return booking_series_submit(
        request=request, organisation=organisation, by=requester(organisation), recurrence="weekly", occurrences=count
    )


def test_only_the_first_date_is_offered_in_one_mail_that_offers_all_dates(series, tolk):
    dates = series()
    assert list(Offer.objects.values_list("booking", flat=True)) == [dates[0].pk]
    assert [b.status for b in Booking.objects.order_by("starts_at")] == [
        "offered",
        "submitted",
        "submitted",
        "submitted",
    ]
    (mail,) = Message.objects.filter(kind="offer_made")
    offer = Offer.objects.get()
    token = mail.context["vars"]["accept_series_url"].rstrip("/").split("/")[-2]
    assert offer_from_token(token, "accept_series") == offer
    assert len(mail.context["vars"]["series_dates"]) == 3


def test_accepting_the_series_takes_every_date_that_does_not_clash(series, tolk):
    dates = series()
    Absence.objects.create(
        interpreter=tolk,
        starts_on=timezone.localdate(dates[2].starts_at),
        ends_on=timezone.localdate(dates[2].starts_at),
    )
    offer = Offer.objects.get()
    preview = block_preview(offer)
    assert [bool(date.clash) for date in preview] == [False, True, False]
    result = offer_accept_series(offer=offer, by=tolk.user)
    assert [date.confirmed for date in result] == [True, True, False, True]
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert [statuses[d.pk] for d in dates] == ["confirmed", "confirmed", "submitted", "confirmed"]
    assert set(Booking.objects.filter(status="confirmed").values_list("interpreter", flat=True)) == {tolk.pk}


def test_a_date_taken_meanwhile_stays_with_whoever_has_it(series, tolk):
    dates = series(count=2)
    other = InterpreterFactory(languages={"ara": "certified"})
    offer = Offer.objects.get(interpreter=tolk)
    from portal.services import booking_assign

    booking_assign(booking=dates[1], interpreter=other, by=StaffFactory())
    result = offer_accept_series(offer=offer, by=tolk.user)
    assert [date.confirmed for date in result] == [True]  # the taken date is no longer part of the block
    assert Booking.objects.get(pk=dates[1].pk).interpreter == other


def test_first_accept_wins_on_a_series_too(series, tolk):
    series(count=2)
    offer = Offer.objects.get()
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    offer.refresh_from_db()
    with pytest.raises(OfferUnavailable):
        offer_accept_series(offer=offer, by=tolk.user)
    assert not Booking.objects.filter(status=Status.CONFIRMED).exists()


def test_the_one_click_link_accepts_the_whole_series(client, series, tolk):
    dates = series(count=3)
    url = offer_action_url(Offer.objects.get(), "accept_series")
    page = client.get(url)
    assert page.status_code == 200 and "Alle data van de reeks aanvaarden?" in page.content.decode()
    assert client.post(url).status_code == 200
    assert set(Booking.objects.filter(pk__in=[d.pk for d in dates]).values_list("status", flat=True)) == {"confirmed"}


def test_a_planner_splits_a_series_and_each_date_is_offered_on_its_own(
    series, tolk, django_capture_on_commit_callbacks
):
    dates = series(count=3)
    with django_capture_on_commit_callbacks(execute=True):
        series_split(booking=dates[0], by=StaffFactory())
    assert set(Offer.objects.values_list("booking", flat=True)) == {d.pk for d in dates}


def test_accepting_one_date_only_passes_the_block_to_the_next_date(series, tolk, django_capture_on_commit_callbacks):
    from matching.offers import offer_accept

    dates = series(count=3)
    with django_capture_on_commit_callbacks(execute=True):
        offer_accept(offer=Offer.objects.get(), by=tolk.user)
    assert Offer.objects.filter(booking=dates[1], status=OfferStatus.OPEN).exists()
    assert not Offer.objects.filter(booking=dates[2]).exists()


def test_a_booking_outside_a_series_is_offered_as_before(tolk):
    booking = BookingFactory()
    from matching.rounds import round_start

    assert round_start(booking=booking, now=timezone.now())
    assert reverse("interpreter_offer", args=[Offer.objects.get().pk])
