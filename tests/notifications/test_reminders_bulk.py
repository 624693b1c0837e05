"""The reminder scan queues in bulk: one INSERT … ON CONFLICT for every due reminder, unrendered; the send
task renders each message on its first claim and every retry sends those same bytes."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from accounts.models import Profile
from accounts.services import notification_preferences_set
from bookings.models import Message, MessageStatus, Status
from notifications.outbox import message_render_stored, messages_queue_bulk
from notifications.reminders import Reminder, reminders_due, reminders_send
from notifications.sending import message_send
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, UserFactory, requester
from tests.notifications.conftest import START, with_language

pytestmark = pytest.mark.django_db
FAILING = "tests.notifications.backends.FailingBackend"
SCAN = START - timedelta(hours=20)


def make_jobs(count: int) -> list:
    organisation = OrganisationFactory()
    return [
        BookingFactory(
            status=Status.CONFIRMED,
            organisation=organisation,
            requested_by=requester(organisation),
            interpreter=InterpreterFactory(),
            starts_at=START + timedelta(minutes=10 * index),
            ends_at=START + timedelta(minutes=10 * index + 30),
        )
        for index in range(count)
    ]


def scan_queries(now) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as context:
        queued = reminders_send(now)
    return queued, len(context.captured_queries)


def test_the_scan_makes_the_same_few_queries_for_2_or_24_reminders(django_assert_max_num_queries):
    make_jobs(1)
    few = scan_queries(SCAN)
    make_jobs(12)
    # candidates, offers, keys already queued; the outbox: keys queued meanwhile, one INSERT, the new rows' ids
    with django_assert_max_num_queries(6):
        many = scan_queries(SCAN)
    assert (few[0], many[0]) == (2, 24)
    assert few[1] == many[1]


def test_a_scan_writes_rows_unrendered_with_the_recipients_address_and_language(confirmed_job):
    with_language(confirmed_job.interpreter.user, "fr")
    assert reminders_send(SCAN) == 2
    row = Message.objects.get(kind="reminder_interpreter")
    assert (row.rendered, row.subject, row.body_text, row.attachments) == (False, "", "", [])
    assert (row.to_email, row.language, row.status) == (confirmed_job.interpreter.user.email, "fr", "pending")
    assert row.context["ics"] is True
    requester_row = Message.objects.get(kind="reminder_requester")
    assert requester_row.language == "nl"
    assert requester_row.context["vars"]["interpreter"] == {
        "model": "interpreters.interpreter",
        "pk": confirmed_job.interpreter_id,
    }


def test_the_first_claim_renders_in_the_stored_language_with_the_ics_and_stores_it(confirmed_job):
    with_language(confirmed_job.interpreter.user, "fr")
    reminders_send(SCAN)
    row = Message.objects.get(kind="reminder_interpreter")
    assert message_send(message_id=row.pk) is True
    row.refresh_from_db()
    assert row.rendered and row.status == MessageStatus.SENT
    (email,) = mail.outbox
    assert email.subject == row.subject and email.subject.startswith("Rappel : mission")
    assert email.body == row.body_text and email.body.startswith("Bonjour")
    assert email.alternatives[0].content == row.body_html
    [(filename, content, mimetype)] = email.attachments
    assert (filename, mimetype) == (f"{confirmed_job.reference}.ics", "text/calendar")
    assert row.attachments == [{"filename": filename, "mimetype": mimetype, "content": content}]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == START


def test_a_retry_sends_the_bytes_rendered_on_the_first_claim(confirmed_job, settings):
    reminders_send(SCAN)
    row = Message.objects.get(kind="reminder_interpreter")
    settings.EMAIL_BACKEND = FAILING
    assert message_send(message_id=row.pk) is False
    row.refresh_from_db()
    assert (row.status, row.rendered) == (MessageStatus.FAILED, True)
    first = (row.subject, row.body_text, row.body_html, row.attachments)
    assert "Gesprek over huisvesting" in row.body_text
    confirmed_job.notes = "Iets anders"  # changed after the first attempt: the retry still sends what was rendered
    confirmed_job.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert message_send(message_id=row.pk, now=row.next_attempt_at) is True
    (email,) = mail.outbox
    assert (email.subject, email.body, email.alternatives[0].content) == first[:3]
    assert [{"filename": f, "mimetype": m, "content": c} for f, c, m in email.attachments] == first[3]


def test_a_rendering_stored_first_by_another_worker_wins(confirmed_job):
    reminders_send(SCAN)
    stale = Message.objects.get(kind="reminder_requester")
    # another worker (that took over an abandoned claim) rendered and stored this message meanwhile
    Message.objects.filter(pk=stale.pk).update(rendered=True, subject="S", body_text="B", body_html="<p>B</p>")
    message = message_render_stored(stale)
    assert (message.rendered, message.subject, message.body_text, message.body_html) == (True, "S", "B", "<p>B</p>")
    assert Message.objects.get(pk=stale.pk).subject == "S"


def test_a_message_that_cannot_be_rendered_is_a_failed_attempt_not_a_stuck_claim(confirmed_job):
    message = Message.objects.create(
        key="booking_received:broken",
        kind="booking_received",
        booking=confirmed_job,
        to_email="x@example.be",
        rendered=False,
        context={"vars": {"offer": {"model": "bookings.offer", "pk": 987654}}, "ics": False},
    )
    assert message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts, message.rendered) == (MessageStatus.FAILED, 1, False)
    assert "DoesNotExist" in message.last_error
    assert mail.outbox == []


def test_keys_that_exist_are_skipped_and_only_inserted_rows_are_enqueued(
    confirmed_job, django_capture_on_commit_callbacks
):
    due = reminders_due(SCAN)
    interpreter_reminder = next(r for r in due if r.kind == "reminder_interpreter")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = messages_queue_bulk([interpreter_reminder])
        second = messages_queue_bulk(due)  # the interpreter's key exists now: only the requester's is new
        third = messages_queue_bulk(due)
    assert len(first) == 1 and len(second) == 1 and third == []
    assert len(callbacks) == 2, "one callback per call that inserted something"
    assert Message.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed_job.interpreter.user.email, confirmed_job.requested_by.email]
    )


def test_preferences_and_missing_addresses_are_respected(confirmed_job):
    notification_preferences_set(user=confirmed_job.requested_by, wanted=[], language="nl")
    no_address = UserFactory(email="")
    Profile.objects.get_or_create(user=no_address)
    due = reminders_due(SCAN)
    due.append(Reminder("reminder_requester", "reminder_requester:x:y", confirmed_job, no_address))
    assert len(messages_queue_bulk(due)) == 1
    assert list(Message.objects.values_list("kind", flat=True)) == ["reminder_interpreter"]


def test_the_staff_message_log_shows_a_message_not_rendered_yet(client, staff_user, confirmed_job):
    reminders_send(SCAN)
    client.force_login(staff_user)
    page = client.get(reverse("staff_booking_messages", args=[confirmed_job.pk]))
    assert page.status_code == 200
    assert confirmed_job.interpreter.user.email.encode() in page.content
    assert page.content.count("<td>—</td>".encode()) == 4, "two rows, each not rendered and not sent yet"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_key_inserted_by_a_concurrent_transaction_is_not_duplicated():
    """Another scan inserted the interpreter's reminder and has not committed yet: this scan waits for it,
    then leaves that key alone and inserts the rest; each reminder is sent once."""
    (job,) = make_jobs(1)
    due = reminders_due(SCAN)
    interpreter_reminder = next(r for r in due if r.kind == "reminder_interpreter")
    inserted, go_on = threading.Event(), threading.Event()

    def other_scan():
        try:
            with transaction.atomic():
                messages_queue_bulk([interpreter_reminder])
                inserted.set()
                go_on.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_scan)
    thread.start()
    assert inserted.wait(timeout=10)
    threading.Timer(0.5, go_on.set).start()  # the other scan commits while this one waits on the key
    queued = messages_queue_bulk(due)
    thread.join(timeout=10)
    assert not thread.is_alive()
    requester_reminder = Message.objects.get(kind="reminder_requester").pk
    assert requester_reminder in queued, "the key this scan inserted is enqueued"
    assert Message.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([job.interpreter.user.email, job.requested_by.email])
