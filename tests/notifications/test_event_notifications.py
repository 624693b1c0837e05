"""What happens to a booking is told to the people concerned, once per event."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Message, Status
from matching import offer_mails
from matching.offers import offer_accept
from matching.oneclick import offer_from_token
from notifications import events
from portal.services import booking_assign, booking_cancel
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, OrganisationFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    organisation = OrganisationFactory()
    return BookingFactory(organisation=organisation, requested_by=requester(organisation))


def kinds_to(user) -> list[str]:
    return sorted(Message.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_requester_hears_that_the_request_was_received_once(booking):
    events.notify_booking_submitted(booking)
    events.notify_booking_submitted(booking)
    assert kinds_to(booking.requested_by) == ["booking_received"]


def test_a_confirmation_names_the_interpreter_and_tells_the_interpreter(booking, django_capture_on_commit_callbacks):
    interpreter = InterpreterFactory(languages={"ara": "certified"}, user__first_name="Amina", user__last_name="Benali")
    with django_capture_on_commit_callbacks(execute=True):
        booking_assign(booking=booking, interpreter=interpreter, by=None)
    to_requester = next(m for m in mail.outbox if m.to == [booking.requested_by.email])
    assert "Amina Benali" in to_requester.subject and "Amina Benali" in to_requester.body
    assert kinds_to(interpreter.user) == ["job_confirmed"]


def test_a_cancellation_reaches_the_requester_and_the_assigned_interpreter(booking):
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    booking = booking_assign(booking=booking, interpreter=interpreter, by=None)
    booking_cancel(booking=booking, by=booking.requested_by, reason="Cliënt verhuisd")
    assert "booking_cancelled" in kinds_to(booking.requested_by)
    assert "booking_cancelled" in kinds_to(interpreter.user)
    message = Message.objects.get(kind="booking_cancelled", recipient=interpreter.user)
    assert "Cliënt verhuisd" in message.body_text


def test_an_offer_mail_has_one_click_links_that_name_the_offer(booking):
    offer = OfferFactory(booking=booking)
    offer_mails.notify_offer_made(offer)
    message = Message.objects.get(kind="offer_made")
    accept, decline = re.findall(r"http\S+/offers/(\S+)/(accept|decline)/", message.body_text)
    assert accept[1] == "accept" and decline[1] == "decline"
    assert offer_from_token(accept[0], "accept") == offer
    assert f'href="http://127.0.0.1:8000{reverse("offer_oneclick_accept", args=[accept[0]])}"' in message.body_html


def test_the_other_interpreters_hear_that_their_offer_was_withdrawn(booking):
    winner, loser = OfferFactory(booking=booking), OfferFactory(booking=booking)
    offer_accept(offer=winner)
    assert kinds_to(loser.interpreter.user) == ["offer_withdrawn"]
    assert "offer_withdrawn" not in kinds_to(winner.interpreter.user)


def test_an_unfilled_on_site_booking_alerts_staff_and_suggests_phone_or_video(booking, staff_user):
    events.notify_booking_unfilled(booking)
    assert kinds_to(staff_user) == ["booking_unfilled_staff"]
    to_requester = Message.objects.get(recipient=booking.requested_by)
    assert "telefonisch of via video" in to_requester.body_text
    assert f"/bookings/{booking.pk}/" in to_requester.body_text


def test_each_change_is_a_new_message_but_a_repeated_call_is_not(booking):
    events.notify_booking_changed(booking)
    events.notify_booking_changed(booking)
    booking.notes = "Andere ingang"
    booking.save()
    events.notify_booking_changed(booking)
    assert kinds_to(booking.requested_by) == ["booking_changed", "booking_changed"]


def test_a_delivered_translation_is_announced_to_the_requester(booking):
    booking.status = Status.COMPLETED
    events.notify_translation_delivered(booking)
    assert kinds_to(booking.requested_by) == ["translation_delivered"]


def test_a_series_is_acknowledged_with_one_message():
    from bookings.models import BookingSeries

    organisation = OrganisationFactory()
    user = requester(organisation)
    series = BookingSeries.objects.create(recurrence="weekly", occurrences=3, created_by=user)
    for _ in range(3):
        events.notify_booking_submitted(BookingFactory(organisation=organisation, requested_by=user, series=series))
    assert kinds_to(user) == ["booking_received"]


def test_an_interpreter_taken_off_a_job_is_told(booking):
    interpreter = InterpreterFactory()
    booking.interpreter = None
    booking.save()
    events.notify_booking_unassigned(booking, interpreter)
    message = Message.objects.get(recipient=interpreter.user)
    assert message.kind == "booking_unassigned" and booking.reference in message.subject
