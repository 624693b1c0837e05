"""The short booking form: what a common booking needs first, the rest folded; the organisation shown and
choosable; the sector from the organisation; book again; saved places; the requester's own reference."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bookings.models import Booking, Status
from interpreters.models import Mode
from organisations.models import Membership, OrganisationKind, SavedPlace
from tests.factories import BookingFactory, OrganisationFactory, requester
from tests.portal.test_booking_form import form_data

pytestmark = pytest.mark.django_db
URL = reverse("requester_booking_new")
FIRST = ["mode", "language", "date", "start_time", "duration_minutes", "address", "postcode", "connection_details"]
FOLDED = ["sector", "requester_reference", "recurrence", "notes", "client_name", "gender_preference", "mode_2"]


def visible_part(html: str) -> str:
    """The form up to the first folded section."""
    form = html[html.index("<form") :]
    return form[: form.index("<details")]


def test_the_common_fields_come_first_and_the_rest_is_folded(client_in):
    html = client_in.get(URL).content.decode()

    first = visible_part(html)
    assert all(f'name="{name}"' in first for name in FIRST)
    assert not any(f'name="{name}"' in first for name in FOLDED)
    assert all(f'name="{name}"' in html for name in FOLDED)
    assert " open>" not in html  # every folded section starts closed


def test_a_folded_section_opens_when_one_of_its_fields_has_an_error(client_in, next_week):
    html = client_in.post(URL, form_data(next_week, recurrence="weekly", occurrences="")).content.decode()

    before = html[: html.index('name="occurrences"')]
    section = before[before.rindex("<details") :]
    assert section.split(">")[0].endswith(" open")


def test_the_organisation_is_shown(client_in):
    assert "OCMW Hasselt" in visible_part(client_in.get(URL).content.decode())


def test_the_sector_starts_from_the_organisations_kind(client):
    school = OrganisationFactory(kind=OrganisationKind.SCHOOL)
    client.force_login(requester(school))

    html = client.get(URL).content.decode()

    assert '<option value="onderwijs" selected>' in html


def test_the_sector_of_the_last_booking_wins(client_in, organisation):
    BookingFactory(organisation=organisation, sector="gezondheid")

    assert '<option value="gezondheid" selected>' in client_in.get(URL).content.decode()


def test_a_requester_of_two_organisations_chooses_and_books_for_the_other(client_in, user, organisation, next_week):
    other = OrganisationFactory(name="CAW Limburg")
    Membership.objects.create(user=user, organisation=other)

    html = client_in.get(URL).content.decode()
    assert 'name="organisation"' in visible_part(html) and "CAW Limburg" in html
    client_in.post(URL, form_data(next_week, organisation=str(other.pk)))

    assert Booking.objects.get().organisation == other


def test_an_organisation_the_requester_is_not_in_is_refused(client_in, next_week):
    stranger = OrganisationFactory()

    response = client_in.post(URL, form_data(next_week, organisation=str(stranger.pk)))

    assert response.status_code == 200
    assert not Booking.objects.exists()


def test_book_again_starts_from_an_earlier_booking(client_in, organisation):
    earlier = BookingFactory(
        organisation=organisation,
        language_id="tir",
        address="Zuivelmarkt 8",
        postcode="3500",
        duration_minutes=120,
        requester_reference="DOS-2026-114",
    )

    html = client_in.get(URL, {"again": earlier.pk}).content.decode()

    assert 'name="language" value="Tigrinya"' in html
    assert 'value="Zuivelmarkt 8"' in html and 'value="120"' in html and 'value="DOS-2026-114"' in html
    detail = client_in.get(reverse("requester_booking_detail", args=[earlier.pk])).content.decode()
    assert f"{URL}?again={earlier.pk}" in detail


def test_book_again_from_another_organisations_booking_is_a_404(client_in):
    assert client_in.get(URL, {"again": BookingFactory().pk}).status_code == 404


def test_a_place_is_remembered_and_picked_next_time(client_in, organisation, next_week):
    client_in.post(URL, form_data(next_week, address="Havermarkt 10", postcode="3500"))
    place = SavedPlace.objects.get(organisation=organisation)
    assert (place.address, place.postcode) == ("Havermarkt 10", "3500")
    assert "Havermarkt 10, 3500" in client_in.get(URL).content.decode()

    client_in.post(URL, form_data(next_week, address="", postcode="", saved_place=str(place.pk), start_time="14:00"))

    second = Booking.objects.latest("pk")
    assert (second.address, second.postcode, second.mode) == ("Havermarkt 10", "3500", Mode.ON_SITE)


def test_the_own_reference_reaches_the_booking_the_api_and_the_statement_export(client_in, organisation, next_week):
    client_in.post(URL, form_data(next_week, requester_reference="Kostenplaats 42"))
    booking = Booking.objects.get()
    assert booking.requester_reference == "Kostenplaats 42"
    assert "Kostenplaats 42" in client_in.get(reverse("requester_booking_detail", args=[booking.pk])).content.decode()

    from tests.api.conftest import client_for

    api = client_for(requester(organisation))
    assert api.get(f"/api/v1/bookings/{booking.pk}/").json()["requester_reference"] == "Kostenplaats 42"


def test_the_api_takes_the_own_reference(organisation, now):
    from tests.api.conftest import client_for

    api = client_for(requester(organisation))
    response = api.post(
        "/api/v1/bookings/",
        {
            "mode": "phone",
            "language": "ara",
            "starts_at": (now.replace(microsecond=0) + timedelta(days=9)).isoformat(),
            "duration_minutes": 60,
            "connection_details": "+32 11 23 45 67",
            "requester_reference": "CC-310",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Booking.objects.get(pk=response.json()["id"]).requester_reference == "CC-310"
    assert Booking.objects.get(pk=response.json()["id"]).status == Status.SUBMITTED
