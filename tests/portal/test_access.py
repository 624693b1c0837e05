import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from bookings.models import Document, Status
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OfferFactory,
    OrganisationFactory,
    StaffFactory,
    TranslationFactory,
)
from tests.portal.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_booking():
    return BookingFactory(organisation=OrganisationFactory(name="Stad Gent"))


def add_document(booking):
    document = Document(booking=booking, original_name="vonnis.pdf", content_type="application/pdf", size=5)
    document.file.save("vonnis.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


@pytest.mark.parametrize("name", ["requester_booking_detail", "requester_booking_cancel", "requester_booking_ics"])
def test_another_organisations_booking_is_not_found(client_in, foreign_booking, name):
    assert client_in.get(reverse(name, args=[foreign_booking.pk])).status_code == 404


def test_another_organisations_booking_cannot_be_cancelled_by_post(client_in, foreign_booking):
    url = reverse("requester_booking_cancel", args=[foreign_booking.pk])
    assert client_in.post(url, {"reason": "Weg ermee", "scope": "this"}).status_code == 404
    foreign_booking.refresh_from_db()
    assert foreign_booking.status == Status.SUBMITTED


def test_another_organisations_document_is_not_found(client_in, foreign_booking):
    document = add_document(foreign_booking)
    url = reverse("requester_booking_document", args=[foreign_booking.pk, document.pk])
    assert client_in.get(url).status_code == 404


def test_a_document_of_another_booking_is_not_found_through_my_booking(client_in, organisation, foreign_booking):
    mine = TranslationFactory(organisation=organisation)
    document = add_document(foreign_booking)
    url = reverse("requester_booking_document", args=[mine.pk, document.pk])
    assert client_in.get(url).status_code == 404


def test_my_document_downloads_through_the_checked_view(client_in, organisation):
    booking = TranslationFactory(organisation=organisation)
    document = add_document(booking)
    response = client_in.get(reverse("requester_booking_document", args=[booking.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="vonnis.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    detail = client_in.get(reverse("requester_booking_detail", args=[booking.pk])).content.decode()
    assert "/media/" not in detail


def test_the_ics_of_my_booking_is_a_calendar_file(client_in, organisation):
    booking = BookingFactory(organisation=organisation)
    response = client_in.get(reverse("requester_booking_ics", args=[booking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{booking.reference}.ics"' in response["Content-Disposition"]
    assert b"BEGIN:VEVENT" in response.content
    assert f"UID:booking-{booking.pk}@tolkportaal".encode() in response.content


def test_a_member_of_two_organisations_sees_both_organisations_bookings(client, user):
    other = OrganisationFactory(name="CAW Limburg")
    other.memberships.create(user=user)
    booking = BookingFactory(organisation=other)
    client.force_login(user)
    assert client.get(reverse("requester_booking_detail", args=[booking.pk])).status_code == 200


@pytest.mark.parametrize("make_user", [StaffFactory, lambda: InterpreterFactory().user], ids=["staff", "interpreter"])
def test_staff_and_interpreters_are_refused_the_requester_pages(client, organisation, make_user):
    booking = BookingFactory(organisation=organisation)
    client.force_login(make_user())
    assert client.get(reverse("requester_booking_cancel", args=[booking.pk])).status_code == 403
    assert client.get(reverse("requester_booking_ics", args=[booking.pk])).status_code == 403
    assert client.get(reverse("requester_booking_list")).status_code == 403
    assert client.get(reverse("requester_booking_new")).status_code == 403
    assert client.get(reverse("requester_translation_new")).status_code == 403


def test_the_booking_link_sends_staff_to_their_desk(client, organisation):
    booking = BookingFactory(organisation=organisation)
    client.force_login(StaffFactory())
    response = client.get(reverse("requester_booking_detail", args=[booking.pk]))
    assert response["Location"] == reverse("staff_booking_desk", args=[booking.pk])


def test_the_booking_link_sends_the_assigned_interpreter_to_the_job_card_and_others_nowhere(client, organisation):
    assigned, other = InterpreterFactory(), InterpreterFactory()
    booking = BookingFactory(organisation=organisation, status=Status.CONFIRMED, interpreter=assigned)
    url = reverse("requester_booking_detail", args=[booking.pk])
    client.force_login(assigned.user)
    assert client.get(url)["Location"] == reverse("interpreter_job", args=[booking.pk])
    client.force_login(other.user)
    assert client.get(url).status_code == 404


def test_the_booking_link_sends_an_interpreter_with_an_offer_to_the_offer_card(client, organisation):
    offered = InterpreterFactory()
    booking = BookingFactory(organisation=organisation, status=Status.OFFERED)
    offer = OfferFactory(booking=booking, interpreter=offered)
    client.force_login(offered.user)
    response = client.get(reverse("requester_booking_detail", args=[booking.pk]))
    assert response["Location"] == reverse("interpreter_offer", args=[offer.pk])


def test_anonymous_visitors_are_sent_to_the_login(client, organisation):
    booking = BookingFactory(organisation=organisation)
    response = client.get(reverse("requester_booking_detail", args=[booking.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_requester_without_organisation_is_sent_back_with_a_message(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("requester_booking_new"), follow=True)
    assert "hoort nog bij geen enkele organisatie" in response.content.decode()
