"""Emails: in the recipient's language, multipart text + HTML, the confirmations and the interpreter's reminder with an
.ics, marked as automatic, with a Message-ID on the site's domain."""

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from icalendar import Calendar

from notifications.events import notify_booking_confirmed
from notifications.reminders import reminders_send
from tests.notifications.conftest import START, with_language

pytestmark = pytest.mark.django_db


def send_reminders_at(now, capture):
    with capture(execute=True):
        reminders_send(now)


def interpreter_mail(job):
    return next(m for m in mail.outbox if m.to == [job.interpreter.user.email])


@pytest.mark.parametrize(
    "language, subject_start",
    [("nl", "Herinnering: opdracht"), ("fr", "Rappel : mission"), ("en", "Reminder: job")],
)
def test_the_reminder_is_written_in_the_recipients_language(
    confirmed_job, django_capture_on_commit_callbacks, language, subject_start
):
    with_language(confirmed_job.interpreter.user, language)
    send_reminders_at(START - timedelta(hours=23), django_capture_on_commit_callbacks)
    email = interpreter_mail(confirmed_job)
    assert email.subject.startswith(subject_start)
    assert confirmed_job.reference in email.subject
    greeting = {"nl": "Beste", "fr": "Bonjour", "en": "Dear"}[language]
    assert email.body.startswith(greeting)
    assert f"<p>{greeting}" in email.alternatives[0].content


def test_the_interpreters_reminder_is_multipart_with_an_ics_that_parses_back(
    confirmed_job, django_capture_on_commit_callbacks, settings
):
    send_reminders_at(START - timedelta(hours=23), django_capture_on_commit_callbacks)
    email = interpreter_mail(confirmed_job)
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    parsed = message_from_bytes(email.message().as_bytes())
    types = [part.get_content_type() for part in parsed.walk()]
    assert types[:4] == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html"]
    ics_part = next(part for part in parsed.walk() if part.get_content_type() == "text/calendar")
    assert ics_part.get_filename() == f"{confirmed_job.reference}.ics"
    event = Calendar.from_ical(ics_part.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == START
    assert str(event["uid"]) == f"booking-{confirmed_job.pk}@tolkportaal"


def test_the_interpreters_reminder_says_where_when_who_to_contact_and_the_notes(
    confirmed_job, django_capture_on_commit_callbacks
):
    send_reminders_at(START - timedelta(hours=23), django_capture_on_commit_callbacks)
    body = interpreter_mail(confirmed_job).body
    requester = confirmed_job.requested_by
    assert "Kapelstraat 1, 3500 Hasselt" in body
    assert "14:00" in body  # 12:00 UTC is 14:00 in Brussels in June
    assert "Mevrouw Peeters, onthaal" in body
    assert f"<{requester.email}>" in body, "the text part is not HTML-escaped"
    assert "Gesprek over huisvesting" in body


def test_the_requesters_reminder_says_who_is_coming_or_calling(confirmed_job, django_capture_on_commit_callbacks):
    confirmed_job.mode = "phone"
    confirmed_job.save()
    send_reminders_at(START - timedelta(hours=23), django_capture_on_commit_callbacks)
    email = next(m for m in mail.outbox if m.to == [confirmed_job.requested_by.email])
    assert f"{confirmed_job.interpreter} belt je op het afgesproken moment." in email.body
    assert email.attachments == []


def test_both_confirmation_mails_carry_the_booking_as_an_ics_in_the_recipients_language(
    confirmed_job, django_capture_on_commit_callbacks
):
    with_language(confirmed_job.interpreter.user, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        notify_booking_confirmed(confirmed_job)

    for recipient, summary in [
        (confirmed_job.requested_by, "Tolkopdracht"),
        (confirmed_job.interpreter.user, "Mission d'interprétation"),
    ]:
        email = next(m for m in mail.outbox if m.to == [recipient.email])
        parsed = message_from_bytes(email.message().as_bytes())
        ics_part = next(part for part in parsed.walk() if part.get_content_type() == "text/calendar")
        event = Calendar.from_ical(ics_part.get_payload(decode=True)).walk("VEVENT")[0]
        assert event.decoded("dtstart") == START
        assert str(event["summary"]).startswith(summary)


def test_every_mail_says_it_is_automatic_and_has_an_id_on_the_sites_domain(
    confirmed_job, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://tolk.example.be"
    with django_capture_on_commit_callbacks(execute=True):
        notify_booking_confirmed(confirmed_job)
    send_reminders_at(START - timedelta(hours=23), django_capture_on_commit_callbacks)
    ids = set()

    assert len(mail.outbox) >= 3
    for email in mail.outbox:
        headers = message_from_bytes(email.message().as_bytes())
        assert headers["Auto-Submitted"] == "auto-generated"
        assert headers["Message-ID"].endswith("@tolk.example.be>")
        assert message_from_bytes(email.message().as_bytes())["Message-ID"] == headers["Message-ID"]  # as on a retry
        ids.add(headers["Message-ID"])
    assert len(ids) == len(mail.outbox)
