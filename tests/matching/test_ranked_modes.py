"""Ranked modes: matching tries the first mode, then the next when its candidates run out or its cut-off
passes; the confirmed booking records the mode that was filled. One offer per interpreter per booking."""

from datetime import timedelta

import pytest

from bookings.models import Booking, BookingModeOption, Kind, Message, OfferStatus, Status
from bookings.requests import BookingRequest
from matching.offers import offer_accept, offer_decline
from matching.rounds import booking_match, bookings_escalate_due
from portal.services import booking_submit
from tests.factories import OrganisationFactory, language, requester
from tests.matching.conftest import interpreter

pytestmark = pytest.mark.django_db
VIDEO_LINK = "https://video.example.be/kamer-12"


def submit(now, *, starts_in=timedelta(days=5), postcode="3500", **modes):
    organisation = OrganisationFactory()
    request = BookingRequest(
        kind=Kind.INTERPRETING,
        language=language("ara"),
        starts_at=now.replace(second=0, microsecond=0) + starts_in,
        duration_minutes=60,
        mode="on_site",
        postcode=postcode,
        address="Markt 1",
        **modes,
    )
    return booking_submit(request=request, organisation=organisation, by=requester(organisation), now=now)


def test_the_ranked_modes_are_stored_in_order_with_their_own_place_or_link(now):
    booking = submit(
        now, mode_2="video", connection_details_2=VIDEO_LINK, mode_3="phone", connection_details_3="011 22 33 44"
    )
    options = list(
        BookingModeOption.objects.filter(booking=booking).values_list("rank", "mode", "postcode", "connection_details")
    )
    assert options == [(1, "on_site", "3500", ""), (2, "video", "", VIDEO_LINK), (3, "phone", "", "011 22 33 44")]
    assert booking.mode == "on_site"


def test_without_candidates_on_site_matching_goes_on_with_the_second_mode(now):
    remote = interpreter("remote", offers_on_site=False)
    booking = submit(now, postcode="8000", mode_2="video", connection_details_2=VIDEO_LINK)  # Brugge: too far
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert (booking.status, booking.mode, booking.connection_details, booking.postcode) == (
        Status.OFFERED,
        "video",
        VIDEO_LINK,
        "",
    )
    assert [(o.interpreter, o.mode) for o in booking.offers.all()] == [(remote, "video")]
    assert any(
        c.note_text.startswith("Volgende gewenste modus: ter plaatse → via video") for c in booking.history.all()
    )
    # the requester hears that video is being tried now
    told = Message.objects.get(kind="booking_changed", booking=booking)
    assert told.recipient == booking.requested_by


def test_modes_are_filled_in_order_and_the_confirmed_booking_records_the_filled_mode(now):
    everywhere = interpreter("everywhere", "sworn")
    phone_only = interpreter("phone", "trained", offers_on_site=False, offers_video=False)
    booking = submit(now, mode_2="phone", connection_details_2="011 22 33 44")
    booking_match(booking_id=booking.pk, now=now)
    first = booking.offers.get()
    assert (first.interpreter, first.mode) == (everywhere, "on_site")  # the phone interpreter waits for mode 2

    offer_decline(offer=first, now=now)
    booking_match(booking_id=booking.pk, now=now)
    second = booking.offers.exclude(pk=first.pk).get()
    # the one who declined on site is not offered the phone job again: one offer per (booking, interpreter)
    assert (second.interpreter, second.mode) == (phone_only, "phone")
    assert booking.offers.filter(interpreter=everywhere).count() == 1

    confirmed = offer_accept(offer=second, now=now)
    assert (confirmed.status, confirmed.mode, confirmed.interpreter) == (Status.CONFIRMED, "phone", phone_only)
    assert Booking.objects.get(pk=booking.pk).mode == "phone"


def test_when_the_on_site_cut_off_passes_the_next_mode_takes_over(now):
    on_site = interpreter("onsite", "sworn", offers_video=False, offers_phone=False)
    video = interpreter("video", "trained", offers_on_site=False)
    booking = submit(now, starts_in=timedelta(hours=3), mode_2="video", connection_details_2=VIDEO_LINK)
    booking_match(booking_id=booking.pk, now=now)
    assert [o.interpreter for o in booking.offers.all()] == [on_site]

    later = now + timedelta(hours=1, minutes=5)  # on site stops 2 h before the start, video 15 min before
    bookings_escalate_due(now=later)
    booking.refresh_from_db()
    assert (booking.status, booking.mode) == (Status.OFFERED, "video")
    assert booking.offers.get(interpreter=on_site).status == OfferStatus.EXPIRED
    assert booking.offers.get(interpreter=video).mode == "video"


def test_when_the_last_mode_runs_out_the_booking_is_unfilled(now):
    booking = submit(now, postcode="8000", mode_2="phone", connection_details_2="011 22 33 44")
    interpreter("nobody-here", offers_phone=False, max_travel_km=10)
    booking_match(booking_id=booking.pk, now=now)
    booking.refresh_from_db()
    assert (booking.status, booking.mode) == (Status.UNFILLED, "phone")
    assert Message.objects.get(kind="booking_unfilled", booking=booking).recipient == booking.requested_by


@pytest.mark.parametrize(
    ("modes", "field"),
    [
        ({"mode_2": "on_site"}, "mode_2"),
        ({"mode_2": "video", "mode_3": "video"}, "mode_3"),
        ({"mode_3": "phone"}, "mode_3"),
        ({"mode_2": "phone", "mode_3": "on_site", "postcode_3": "9999", "address_3": "x"}, "postcode_3"),
        ({"mode_2": "phone", "mode_3": "on_site", "postcode_3": "9000"}, "address_3"),
    ],
)
def test_bad_ranked_modes_are_refused_with_a_field_error(modes, field, now):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        submit(now, **modes)
    assert field in refused.value.message_dict
    assert not Booking.objects.exists()
