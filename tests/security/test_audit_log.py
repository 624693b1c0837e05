"""Who saw or changed what on a booking is recorded, and staff can read it on the booking's page and admin."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from bookings.models import AuditAction, BookingAudit, Document, Status
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def booking():
    organisation = OrganisationFactory()
    booking = BookingFactory(
        organisation=organisation,
        requested_by=requester(organisation, username="maaike"),
        status=Status.CONFIRMED,
        interpreter=InterpreterFactory(),
    )
    document = Document(booking=booking, original_name="brief.pdf", content_type="application/pdf", size=9)
    document.file.save("brief.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    document.save()
    booking.document = document
    return booking


def test_opening_a_booking_and_downloading_its_documents_are_recorded_per_user(booking):
    logged_in(booking.requested_by).get(f"/bookings/{booking.pk}/")
    logged_in(booking.requested_by).get(f"/bookings/{booking.pk}/documents/{booking.document.pk}/")
    logged_in(booking.interpreter.user).get(f"/jobs/{booking.pk}/documents/{booking.document.pk}/")
    entries = set(BookingAudit.objects.filter(booking=booking).values_list("user__username", "action", "what"))
    assert entries == {
        ("maaike", AuditAction.VIEWED, ""),
        ("maaike", AuditAction.DOWNLOADED, "brief.pdf"),
        (booking.interpreter.user.username, AuditAction.DOWNLOADED, "brief.pdf"),
    }


def test_refused_requests_record_nothing(booking):
    outsider = requester(OrganisationFactory())
    assert logged_in(outsider).get(f"/bookings/{booking.pk}/").status_code == 404
    assert not BookingAudit.objects.filter(booking=booking).exists()


def test_staff_read_the_audit_log_on_the_bookings_page_and_their_own_visit_is_in_it(booking):
    logged_in(booking.requested_by).get(f"/bookings/{booking.pk}/")
    staff = StaffFactory(username="planner-anna")
    page = logged_in(staff).get(f"/staff/bookings/{booking.pk}/").content.decode()
    assert 'data-testid="audit-log"' in page
    assert "maaike" in page and "bekeken" in page
    assert BookingAudit.objects.filter(booking=booking, user=staff, action=AuditAction.VIEWED).exists()


def test_the_admin_shows_the_audit_log_but_not_the_client_name(booking):
    staff = StaffFactory(is_superuser=True)
    logged_in(booking.requested_by).get(f"/bookings/{booking.pk}/")
    page = logged_in(staff).get(f"/admin/bookings/booking/{booking.pk}/change/").content.decode()
    assert "maaike" in page and "bekeken" in page
    assert 'name="client_name"' not in page


def test_reading_a_booking_through_the_api_is_recorded(booking):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(booking.requested_by)
    assert api.get(f"/api/v1/bookings/{booking.pk}/").status_code == 200
    assert BookingAudit.objects.filter(
        booking=booking, user=booking.requested_by, action=AuditAction.VIEWED, what="API"
    ).exists()
