"""Staff see each booking's messages and the ones that keep failing, and can retry them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Message, MessageStatus
from notifications.outbox import MAX_ATTEMPTS
from tests.factories import BookingFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_message(booking, n, **fields):
    return Message.objects.create(
        key=f"booking_received:{booking.pk}:{n}",
        kind="booking_received",
        booking=booking,
        recipient=UserFactory(),
        to_email=f"r{n}@example.be",
        subject=f"Onderwerp {n}",
        body_text="…",
        **fields,
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_a_bookings_message_log_lists_its_messages(staff_client):
    booking = BookingFactory()
    make_message(booking, 1, status=MessageStatus.SENT)
    make_message(booking, 2, status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTP 550")
    make_message(BookingFactory(), 3)
    page = staff_client.get(reverse("staff_booking_messages", args=[booking.pk]))
    assert page.status_code == 200
    assert b"Onderwerp 1" in page.content and b"SMTP 550" in page.content
    assert b"Onderwerp 3" not in page.content


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pages_make_the_same_number_of_queries_whatever_the_number_of_messages(staff_client):
    booking = BookingFactory()
    make_message(booking, 0, status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS)
    log, failed = reverse("staff_booking_messages", args=[booking.pk]), reverse("staff_failed_messages")
    few = queries(staff_client, log), queries(staff_client, failed)
    for n in range(1, 12):
        make_message(BookingFactory() if n % 2 else booking, n, status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS)
    assert (queries(staff_client, log), queries(staff_client, failed)) == few


def test_the_failed_list_shows_only_messages_out_of_attempts_and_retry_sends_it(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    booking = BookingFactory()
    failed = make_message(booking, 1, status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS)
    make_message(booking, 2, status=MessageStatus.FAILED, attempts=1)
    page = staff_client.get(reverse("staff_failed_messages"))
    assert b"Onderwerp 1" in page.content and b"Onderwerp 2" not in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("staff_message_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT
    assert [m.subject for m in mailoutbox] == ["Onderwerp 1"]


def test_others_get_a_404(client):
    booking = BookingFactory()
    message = make_message(booking, 1, status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS)
    client.force_login(UserFactory())
    assert client.get(reverse("staff_booking_messages", args=[booking.pk])).status_code == 404
    assert client.get(reverse("staff_failed_messages")).status_code == 404
    assert client.get(reverse("staff_waiting_messages")).status_code == 404
    assert client.post(reverse("staff_message_retry", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_the_staff_booking_page_links_to_its_message_log(staff_client):
    booking = BookingFactory()
    page = staff_client.get(reverse("staff_booking_desk", args=[booking.pk]))
    assert reverse("staff_booking_messages", args=[booking.pk]).encode() in page.content
    assert reverse("staff_failed_messages").encode() in page.content, "the menu links to the failed messages"


def test_the_waiting_list_shows_what_waits_why_and_when_it_is_tried_next(staff_client, now):
    from datetime import timedelta

    booking = BookingFactory()
    later = make_message(booking, 1, next_attempt_at=now + timedelta(minutes=9))
    make_message(
        booking,
        2,
        status=MessageStatus.FAILED,
        attempts=2,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        next_attempt_at=now + timedelta(minutes=2),
    )
    make_message(booking, 3, status=MessageStatus.SENT)
    make_message(booking, 4, status=MessageStatus.FAILED, attempts=MAX_ATTEMPTS)  # given up: the failed list
    url = reverse("staff_waiting_messages")
    page = staff_client.get(url).content.decode()
    assert "Onderwerp 3" not in page and "Onderwerp 4" not in page
    assert page.index("Onderwerp 2") < page.index("Onderwerp 1"), "in the order they are due"
    assert "Connection refused" in page and f"2/{MAX_ATTEMPTS}" in page
    assert later.next_attempt_at.astimezone().strftime("%d/%m/%Y") in page
    few = queries(staff_client, url)
    for n in range(5, 12):
        make_message(BookingFactory(), n, status=MessageStatus.FAILED, attempts=1)
    assert queries(staff_client, url) == few
    assert url.encode() in staff_client.get(reverse("staff_failed_messages")).content, "the menu links to it"
