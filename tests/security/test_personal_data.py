"""The client's name: only the requester's organisation and the assigned interpreter see it; retention
removes personal data and documents after TOLK_RETENTION_MONTHS while the counts stay; Celery carries ids."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from bookings.models import Booking, Document, Message, Status, StatusChange
from bookings.retention import personal_data_remove_due
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db
CLIENT = "Cliënt Z.K."


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def job():
    organisation = OrganisationFactory()
    owner = requester(organisation)
    interpreter = InterpreterFactory()
    booking = BookingFactory(
        organisation=organisation,
        requested_by=owner,
        status=Status.CONFIRMED,
        interpreter=interpreter,
        client_name=CLIENT,
    )
    return booking


def test_the_requester_and_the_assigned_interpreter_see_the_client_name(job):
    assert CLIENT in logged_in(job.requested_by).get(f"/bookings/{job.pk}/").content.decode()
    assert CLIENT in logged_in(job.interpreter.user).get("/agenda/").content.decode()


def test_staff_other_interpreters_and_the_api_do_not_see_the_client_name(job):
    other = InterpreterFactory()
    assert CLIENT not in logged_in(other.user).get("/agenda/").content.decode()
    staff = logged_in(StaffFactory())
    assert CLIENT not in staff.get(f"/staff/bookings/{job.pk}/").content.decode()
    assert CLIENT not in staff.get("/staff/bookings/").content.decode()
    api = APIClient()
    api.force_authenticate(job.requested_by)
    assert CLIENT not in api.get(f"/api/v1/bookings/{job.pk}/").content.decode()


def test_the_booking_form_takes_an_optional_client_name():
    from portal.forms import InterpretingForm

    assert "client_name" in InterpretingForm.base_fields
    assert InterpretingForm.base_fields["client_name"].required is False


def _finished(months_ago: int, **fields) -> Booking:
    start = timezone.now() - timedelta(days=30 * months_ago)
    booking = BookingFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=Status.COMPLETED,
        client_name=CLIENT,
        notes="Moeder en kind, dossier 12345",
        contact_on_site="Mevr. Janssens 0470 12 34 56",
        **fields,
    )
    document = Document(booking=booking, original_name="verslag.pdf", content_type="application/pdf", size=9)
    document.file.save("verslag.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    document.save()
    Message.objects.create(
        key=f"k:{booking.pk}",
        kind="booking_received",
        booking=booking,
        to_email="a@example.be",
        subject="s",
        body_text=CLIENT,
        body_html=CLIENT,
    )
    return booking


def test_retention_removes_client_details_and_documents_after_twelve_months_and_keeps_the_counts(settings):
    assert settings.TOLK_RETENTION_MONTHS == 12
    old = _finished(13)
    old_file = Document.objects.get(booking=old).file
    recent = _finished(11)
    cancelled = _finished(14)
    Booking.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED, cancellation_reason="Cliënt ziek")
    StatusChange.objects.create(
        booking=cancelled, from_status=Status.CONFIRMED, to_status=Status.CANCELLED, note="ziek"
    )
    completed_before = Booking.objects.filter(status=Status.COMPLETED).count()

    with mock.patch("django.db.transaction.on_commit", side_effect=lambda fn, *a, **k: fn()):
        removed = personal_data_remove_due()

    assert sorted(removed) == sorted([old.pk, cancelled.pk])
    old.refresh_from_db()
    assert (old.client_name, old.notes, old.contact_on_site, old.address) == ("", "", "", "")
    assert old.personal_data_removed_at is not None
    assert not Document.objects.filter(booking=old).exists()
    assert not old_file.storage.exists(old_file.name)
    assert Message.objects.get(booking=old).body_text == ""
    assert Booking.objects.get(pk=cancelled.pk).cancellation_reason == ""
    assert StatusChange.objects.get(booking=cancelled, to_status=Status.CANCELLED).note == ""
    assert old.audit.filter(action="pd_removed").count() == 1
    # what reports count is untouched
    assert Booking.objects.filter(status=Status.COMPLETED).count() == completed_before
    assert (old.language_id, old.mode, old.postcode, old.organisation_id) == (
        "ara",
        "on_site",
        "3500",
        old.organisation_id,
    )
    # the recent job keeps everything
    recent.refresh_from_db()
    assert recent.client_name == CLIENT and Document.objects.filter(booking=recent).exists()
    # a second pass finds nothing
    assert personal_data_remove_due() == []


def test_the_retention_period_is_a_setting(settings):
    settings.TOLK_RETENTION_MONTHS = 24
    booking = _finished(13)
    assert personal_data_remove_due() == []
    booking.refresh_from_db()
    assert booking.client_name == CLIENT


def test_the_command_removes_due_data_and_beat_runs_it_daily(settings, capsys):
    booking = _finished(13)
    call_command("remove_personal_data", "--dry-run")
    assert "1 booking(s) would" in capsys.readouterr().out
    Booking.objects.get(pk=booking.pk)  # dry run changed nothing
    assert Booking.objects.get(pk=booking.pk).client_name == CLIENT
    call_command("remove_personal_data")
    assert Booking.objects.get(pk=booking.pk).client_name == ""
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["bookings.remove_personal_data"] == 24 * 3600.0


def test_celery_messages_carry_only_ids_and_results_are_not_kept(settings, django_capture_on_commit_callbacks, caplog):
    """Submitting, offering, accepting and cancelling publish tasks whose arguments are ids, nothing else."""
    from celery.app.task import Task

    from bookings.requests import BookingRequest
    from matching.offers import offer_accept
    from portal.services import booking_cancel, booking_submit
    from tests.factories import language

    assert settings.CELERY_TASK_IGNORE_RESULT is True
    published = []
    real = Task.apply_async

    def spy(self, args=None, kwargs=None, **options):
        published.append((self.name, tuple(args or ()), dict(kwargs or {})))
        return real(self, args=args, kwargs=kwargs, **options)

    InterpreterFactory(languages={"ara": "certified"})
    organisation = OrganisationFactory()
    user = requester(organisation)
    request = BookingRequest(
        kind="interpreting",
        language=language("ara"),
        mode="phone",
        starts_at=(timezone.now() + timedelta(days=6)).replace(second=0, microsecond=0),
        duration_minutes=60,
        client_name=CLIENT,
        notes="Geheime notitie",
    )
    with mock.patch.object(Task, "apply_async", spy), caplog.at_level(logging.DEBUG):
        with django_capture_on_commit_callbacks(execute=True):
            booking = booking_submit(request=request, organisation=organisation, by=user)
        offer = booking.offers.first()
        with django_capture_on_commit_callbacks(execute=True):
            offer_accept(offer=offer, by=offer.interpreter.user)
        with django_capture_on_commit_callbacks(execute=True):
            booking_cancel(booking=Booking.objects.get(pk=booking.pk), by=user, reason="Cliënt verhuisd")

    names = {name for name, _args, _kwargs in published}
    assert {"bookings.match_booking", "bookings.send_message"} <= names
    for name, args, kwargs in published:
        assert all(isinstance(value, int) for value in args), (name, args)
        assert kwargs == {}, (name, kwargs)
    for secret in (CLIENT, "Geheime notitie", "Cliënt verhuisd", user.email):
        assert secret not in caplog.text
