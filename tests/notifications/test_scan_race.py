"""Several workers scanning and sending at the same moment: every message is sent exactly once."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from bookings.models import Message, MessageStatus, Status
from notifications.reminders import reminders_send
from notifications.sending import message_send
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, requester
from tests.notifications.conftest import START
from tests.workers import run_together

WORKERS = 4
JOBS = 10
pytestmark = [pytest.mark.django_db(transaction=True)]


def make_jobs():
    organisation = OrganisationFactory()
    for index in range(JOBS):
        BookingFactory(
            status=Status.CONFIRMED,
            organisation=organisation,
            requested_by=requester(organisation),
            interpreter=InterpreterFactory(),
            starts_at=START + timedelta(hours=index),
            ends_at=START + timedelta(hours=index, minutes=30),
        )


def scan_in_autocommit():
    return reminders_send(START - timedelta(hours=1))


def scan_in_one_transaction():
    with transaction.atomic():
        return reminders_send(START - timedelta(hours=1))


@pytest.mark.parametrize("scan", [scan_in_autocommit, scan_in_one_transaction])
def test_scans_racing_each_other_queue_and_send_each_reminder_once(scan):
    make_jobs()
    results = run_together([scan] * WORKERS, timeout=60)
    assert all(isinstance(r, int) for r in results), results
    # a scan counts what was new when it looked: two scans may both count a key the other inserted meanwhile
    assert sum(results) >= 2 * JOBS
    assert Message.objects.count() == 2 * JOBS
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    sent_to = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent_to) == 2 * JOBS and set(sent_to.values()) == {1}


def test_workers_racing_to_send_one_message_send_it_once():
    message = Message.objects.create(
        key="booking_received:race", kind="booking_received", to_email="x@example.be", subject="S", body_text="B"
    )
    results = run_together([lambda: message_send(message_id=message.pk)] * 8, timeout=60)
    assert results.count(True) == 1 and results.count(False) == 7
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
