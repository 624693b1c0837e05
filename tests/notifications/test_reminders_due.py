"""Each reminder kind is found exactly when it is due, once."""

from datetime import timedelta

import pytest
from django.core import mail

from bookings.models import Document, DocumentPurpose, Message, OfferStatus, Status
from notifications.reminders import reminders_due, reminders_send
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, TranslationFactory
from tests.notifications.conftest import START

pytestmark = pytest.mark.django_db
MINUTE = timedelta(minutes=1)


def kinds_at(now) -> list[tuple[str, int]]:
    return sorted((r.kind, r.recipient.pk) for r in reminders_due(now))


def test_interpreter_and_requester_reminders_are_due_from_24_hours_before_the_start(confirmed_job):
    interpreter_user = confirmed_job.interpreter.user
    assert kinds_at(START - timedelta(hours=24) - MINUTE) == []
    assert kinds_at(START - timedelta(hours=24)) == sorted(
        [("reminder_interpreter", interpreter_user.pk), ("reminder_requester", confirmed_job.requested_by_id)]
    )
    assert len(kinds_at(START - MINUTE)) == 2
    assert kinds_at(START) == []


def test_a_second_scan_sends_nothing_new(confirmed_job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(START - timedelta(hours=20))
        second = reminders_send(START - timedelta(hours=19))
    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 2
    assert Message.objects.count() == 2


def test_a_cancelled_job_gets_no_reminder(confirmed_job):
    confirmed_job.status = Status.CANCELLED
    confirmed_job.save()
    assert kinds_at(START - timedelta(hours=2)) == []


def test_a_reassigned_job_reminds_the_new_interpreter(confirmed_job):
    reminders_send(START - timedelta(hours=20))
    other = InterpreterFactory()
    confirmed_job.interpreter = other
    confirmed_job.save()
    assert kinds_at(START - timedelta(hours=19)) == [("reminder_interpreter", other.user_id)]


def test_staff_are_alerted_48_hours_before_a_booking_that_is_not_confirmed(staff_user):
    booking = BookingFactory(status=Status.OFFERED, starts_at=START, ends_at=START + timedelta(hours=1))
    assert kinds_at(START - timedelta(hours=48) - MINUTE) == []
    assert kinds_at(START - timedelta(hours=48)) == [("at_risk", staff_user.pk)]
    booking.status = Status.UNFILLED
    booking.save()
    assert kinds_at(START - timedelta(minutes=5)) == [("at_risk", staff_user.pk)]
    assert kinds_at(START) == []


def test_an_offer_is_reminded_in_the_last_quarter_of_a_long_round(interpreter):
    offer = OfferFactory(interpreter=interpreter, expires_at=START)
    offer.created_at = START - timedelta(hours=4)
    offer.save()
    assert kinds_at(START - timedelta(hours=1) - MINUTE) == []
    assert kinds_at(START - timedelta(hours=1)) == [("offer_expiring", interpreter.user_id)]
    assert kinds_at(START) == []
    Offer = type(offer)
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.DECLINED)
    assert kinds_at(START - MINUTE) == []


def test_a_short_round_gets_no_expiry_reminder(interpreter):
    offer = OfferFactory(interpreter=interpreter, expires_at=START)
    offer.created_at = START - timedelta(minutes=15)
    offer.save()
    assert kinds_at(START - timedelta(minutes=1)) == []


def test_the_translator_is_reminded_two_days_before_the_deadline_and_staff_when_it_is_overdue(interpreter, staff_user):
    booking = TranslationFactory(status=Status.CONFIRMED, interpreter=interpreter, deadline=START, starts_at=START)
    assert kinds_at(START - timedelta(hours=48) - MINUTE) == []
    assert kinds_at(START - timedelta(hours=48)) == [("translation_deadline", interpreter.user_id)]
    assert kinds_at(START - MINUTE) == [("translation_deadline", interpreter.user_id)]
    assert kinds_at(START) == [("translation_overdue", staff_user.pk)]
    Document.objects.create(
        booking=booking,
        purpose=DocumentPurpose.TRANSLATION,
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
    )
    assert kinds_at(START + timedelta(hours=1)) == []


def test_a_missing_timesheet_is_reminded_24_hours_after_the_end(confirmed_job):
    end = confirmed_job.ends_at
    assert ("timesheet_missing", confirmed_job.interpreter.user_id) not in kinds_at(end + timedelta(hours=24) - MINUTE)
    assert kinds_at(end + timedelta(hours=24)) == [("timesheet_missing", confirmed_job.interpreter.user_id)]
    confirmed_job.status = Status.COMPLETED
    confirmed_job.save()
    assert kinds_at(end + timedelta(hours=25)) == []


def test_the_scan_makes_three_queries_whatever_the_number_of_bookings(interpreter, django_assert_max_num_queries):
    for hour in range(20):
        BookingFactory(
            status=Status.CONFIRMED,
            interpreter=InterpreterFactory(),
            starts_at=START + timedelta(hours=hour % 10, days=hour // 10 * 2),
            ends_at=START + timedelta(hours=hour % 10, days=hour // 10 * 2, minutes=30),
        )
    with django_assert_max_num_queries(3):
        due = reminders_due(START - timedelta(hours=1))
    assert len(due) == 10


def test_a_reminder_queued_before_a_cancellation_is_skipped_when_its_send_comes(confirmed_job):
    from notifications.sending import message_send

    reminders_send(START - timedelta(hours=20))  # queued; the send waits for the commit that never comes here
    confirmed_job.status = Status.CANCELLED
    confirmed_job.save()
    for message in Message.objects.all():
        assert message_send(message_id=message.pk) is False
    assert set(Message.objects.values_list("status", flat=True)) == {"skipped"}
    assert mail.outbox == []


def test_an_offer_mail_is_skipped_when_the_offer_was_withdrawn_before_it_went_out(interpreter):
    from matching import offer_mails
    from notifications.sending import message_send

    offer = OfferFactory(interpreter=interpreter)
    offer_mails.notify_offer_made(offer)
    type(offer).objects.filter(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    message = Message.objects.get(kind="offer_made")
    assert message_send(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == "skipped" and mail.outbox == []
