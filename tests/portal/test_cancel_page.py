from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Status
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


def cancel_url(booking):
    return reverse("requester_booking_cancel", args=[booking.pk])


def test_the_page_says_cancelling_is_free_more_than_24_hours_ahead(client_in, organisation):
    booking = BookingFactory(organisation=organisation, starts_at=timezone.now() + timedelta(days=3))
    html = client_in.get(cancel_url(booking)).content.decode()
    assert 'id="free-notice"' in html
    assert "late annulering" not in html


def test_the_page_warns_clearly_within_24_hours(client_in, organisation):
    booking = BookingFactory(
        organisation=organisation,
        status=Status.CONFIRMED,
        interpreter=InterpreterFactory(),
        starts_at=timezone.now() + timedelta(hours=5),
    )
    response = client_in.get(cancel_url(booking))
    html = response.content.decode()
    assert response.context["late"] is True
    assert 'id="late-warning"' in html
    assert "Let op: dit is een late annulering." in html


def test_a_free_cancellation_is_recorded_as_not_late(client_in, user, organisation):
    booking = BookingFactory(organisation=organisation, starts_at=timezone.now() + timedelta(days=3))
    response = client_in.post(cancel_url(booking), {"reason": "Cliënt verhuisd", "scope": "this"})
    booking.refresh_from_db()
    assert response.status_code == 302
    assert (booking.status, booking.late_cancellation, booking.cancellation_reason) == (
        Status.CANCELLED,
        False,
        "Cliënt verhuisd",
    )
    change = booking.history.get(to_status=Status.CANCELLED)
    assert (change.by, change.note) == (user, "Cliënt verhuisd")


def test_a_cancellation_within_24_hours_is_late(client_in, organisation):
    booking = BookingFactory(organisation=organisation, starts_at=timezone.now() + timedelta(hours=5))
    response = client_in.post(cancel_url(booking), {"reason": "Afspraak verzet", "scope": "this"}, follow=True)
    booking.refresh_from_db()
    assert booking.late_cancellation is True
    assert "Late annulering" in response.content.decode()


def test_a_reason_is_required_and_nothing_changes_without_one(client_in, organisation):
    booking = BookingFactory(organisation=organisation)
    response = client_in.post(cancel_url(booking), {"reason": "", "scope": "this"})
    assert "reason" in response.context["form"].errors
    booking.refresh_from_db()
    assert booking.status == Status.SUBMITTED


def test_a_completed_booking_cannot_be_cancelled(client_in, organisation):
    booking = BookingFactory(organisation=organisation, status=Status.COMPLETED, interpreter=InterpreterFactory())
    response = client_in.post(cancel_url(booking), {"reason": "Te laat", "scope": "this"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.COMPLETED


def test_the_detail_page_shows_the_history_with_who_and_when(client_in, user, organisation):
    booking = BookingFactory(organisation=organisation, starts_at=timezone.now() + timedelta(days=3))
    client_in.post(cancel_url(booking), {"reason": "Niet meer nodig", "scope": "this"})
    response = client_in.get(reverse("requester_booking_detail", args=[booking.pk]))
    html = response.content.decode()
    assert "Niet meer nodig" in html
    assert user.username in html
    assert [c.to_status for c in response.context["history"]] == [Status.CANCELLED]
