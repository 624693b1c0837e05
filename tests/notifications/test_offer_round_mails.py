"""The offer mails of a round are queued together (notify_offers_made), unrendered, and once rendered by the send
task are the same messages as one by one."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Booking, Message
from matching import offer_mails
from matching.rounds import booking_match
from notifications.outbox import message_render_stored
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, OrganisationFactory, requester
from tests.notifications.conftest import with_language

pytestmark = pytest.mark.django_db

FIELDS = ("key", "kind", "booking_id", "recipient_id", "to_email", "language", "subject", "body_text", "body_html")


@pytest.fixture
def booking():
    organisation = OrganisationFactory()
    return BookingFactory(organisation=organisation, requested_by=requester(organisation))


def _round(booking, languages):
    offers = []
    for language in languages:
        interpreter = InterpreterFactory()
        if language:
            with_language(interpreter.user, language)
        offers.append(OfferFactory(booking=booking, interpreter=interpreter))
    return offers


def _render_all():
    for message in Message.objects.filter(rendered=False).select_related("booking", "recipient"):
        message_render_stored(message)


def _messages():
    """The rows as sent (rendered), with the signed one-click tokens (which carry the second they were made in)
    left out."""
    _render_all()
    token = re.compile(r"/offers/[^/\s\"]+/(accept|decline)/")
    rows = Message.objects.values_list(*FIELDS)
    return sorted(tuple(token.sub(r"/offers/…/\1/", v) if isinstance(v, str) else v for v in row) for row in rows)


def test_a_rounds_mails_are_the_messages_notify_offer_made_queues_one_by_one(booking):
    offers = _round(booking, ["nl", "fr", "en", None])
    offer_mails.notify_offers_made(Booking.objects.get(pk=booking.pk).offers.order_by("pk"))
    assert not Message.objects.filter(rendered=True).exists()  # nothing rendered while matching
    together = _messages()
    Message.objects.all().delete()
    for offer in offers:
        offer_mails.notify_offer_made(offer)
    assert together == _messages()
    assert len(together) == 4
    assert all("/offers/…/accept/" in row[FIELDS.index("body_text")] for row in together)


def test_each_mail_is_in_the_recipients_language(booking):
    offers = _round(booking, ["fr", "en", None])
    offer_mails.notify_offers_made(offers)
    languages = dict(Message.objects.values_list("recipient_id", "language"))
    assert [languages[o.interpreter.user_id] for o in offers] == ["fr", "en", "nl"]
    _render_all()
    french = Message.objects.get(recipient=offers[0].interpreter.user)
    dutch = Message.objects.get(recipient=offers[2].interpreter.user)
    assert french.subject != dutch.subject


def test_queueing_a_round_twice_or_after_one_by_one_sends_each_offer_once(booking, django_capture_on_commit_callbacks):
    offers = _round(booking, ["nl", "fr"])
    with django_capture_on_commit_callbacks(execute=True):
        offer_mails.notify_offer_made(offers[0])
        offer_mails.notify_offers_made(offers)
        offer_mails.notify_offers_made(offers)
    assert Message.objects.filter(kind="offer_made").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(o.interpreter.user.email for o in offers)


def test_nobody_without_an_address_gets_a_row(booking):
    offers = _round(booking, ["nl", "nl"])
    user = offers[1].interpreter.user
    user.email = ""
    user.save()
    offer_mails.notify_offers_made(Booking.objects.get(pk=booking.pk).offers.select_related("interpreter__user"))
    assert list(Message.objects.values_list("recipient_id", flat=True)) == [offers[0].interpreter.user_id]


def _queries(booking, count: int) -> int:
    offers = _round(booking, ["fr"] * count)
    booking = Booking.objects.get(pk=booking.pk)
    offers = list(booking.offers.select_related("interpreter__user"))
    for offer in offers:
        offer.booking = booking  # as in a round: one booking instance
    offer_mails.notify_offers_made(offers[:1])  # the booking's own look-ups (place, organisation, ...) once
    with CaptureQueriesContext(connection) as queries:
        offer_mails.notify_offers_made(offers[1:])
    assert Message.objects.count() == count
    return len(queries)


@pytest.mark.parametrize("count", [2, 6])
def test_a_round_queues_its_mails_with_the_same_queries_whatever_its_size(booking, count):
    # the profiles, the keys queued already, one INSERT, the new rows' ids
    assert _queries(booking, count) == 4


def test_a_match_mails_every_offered_interpreter_once_in_their_language(django_capture_on_commit_callbacks, settings):
    settings.TOLK_CANDIDATES_PER_ROUND = 3
    now = timezone.now()
    interpreters = [InterpreterFactory(languages={"ara": "certified"}) for _ in range(3)]
    with_language(interpreters[0].user, "fr")
    booking = BookingFactory(starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=10, hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        booking_match(booking_id=booking.pk, now=now)
    offers = list(booking.offers.select_related("interpreter__user"))
    assert len(offers) == 3
    messages = {m.recipient_id: m for m in Message.objects.filter(kind="offer_made")}
    assert set(messages) == {o.interpreter.user_id for o in offers}
    assert messages[interpreters[0].user_id].language == "fr"
    assert all(messages[i.user_id].language == "nl" for i in interpreters[1:])
    assert sorted(m.to[0] for m in mail.outbox if m.subject in {x.subject for x in messages.values()}) == sorted(
        i.user.email for i in interpreters
    )
    assert all("/offers/" in m.body_text for m in messages.values())


def test_mail_sends_wait_behind_matching_on_the_broker(monkeypatch):
    from matching.tasks import match_booking
    from notifications.tasks import send_message

    published = {}

    def record(self, *args, **kwargs):  # what Task.apply_async hands to the broker, instead of publishing
        published[self.name] = kwargs.get("priority") or 0

    monkeypatch.setattr("celery.app.task.Task.apply_async", record)
    send_message.delay(1)
    match_booking.delay(1)
    # kombu's Redis transport serves lower numbers first; no priority counts as 0
    assert published["bookings.send_message"] > published["bookings.match_booking"] == 0
