from datetime import timedelta

import pytest

from bookings.models import Booking, Status
from organisations.models import Membership
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_site(now):
    return {
        "kind": "interpreting",
        "mode": "on_site",
        "language": "ara",
        "starts_at": (now + timedelta(days=5)).replace(microsecond=0).isoformat(),
        "duration_minutes": 90,
        "postcode": "3500",
        "address": "Kapelstraat 1",
        "sector": "welzijn",
    }


def test_a_requester_books_for_its_organisation(requester_api, requester_user, organisation, on_site):
    response = requester_api.post("/api/v1/bookings/", on_site, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    booking = Booking.objects.get(pk=body["id"])
    assert booking.organisation == organisation
    assert booking.requested_by == requester_user
    assert body["reference"] == booking.reference and body["reference"].startswith("TP-")
    assert body["status"] == Status.SUBMITTED
    assert body["organisation"] == organisation.pk
    assert body["interpreter"] is None
    assert body["duration_minutes"] == 90
    assert body["municipality"] is not None


def test_a_requester_of_several_organisations_picks_one_it_belongs_to(requester_api, requester_user, on_site):
    second = OrganisationFactory()
    Membership.objects.create(user=requester_user, organisation=second)
    response = requester_api.post("/api/v1/bookings/", {**on_site, "organisation": second.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["organisation"] == second.pk


def test_a_requester_cannot_book_for_an_organisation_it_does_not_belong_to(requester_api, on_site):
    response = requester_api.post(
        "/api/v1/bookings/", {**on_site, "organisation": OrganisationFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not Booking.objects.exists()


def test_staff_book_for_a_named_organisation(staff_api, organisation, on_site):
    assert staff_api.post("/api/v1/bookings/", on_site, format="json").json() == {
        "organisation": ["Kies de organisatie waarvoor je boekt."]
    }
    response = staff_api.post("/api/v1/bookings/", {**on_site, "organisation": organisation.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["organisation"] == organisation.pk


def test_an_interpreter_may_not_book(interpreter_api, on_site):
    assert interpreter_api.post("/api/v1/bookings/", on_site, format="json").status_code == 403
    assert not Booking.objects.exists()


def test_anonymous_callers_may_not_book(anonymous_api, on_site):
    assert anonymous_api.post("/api/v1/bookings/", on_site, format="json").status_code == 401


def test_a_translation_needs_a_target_language_and_deadline(requester_api, now):
    request = {"kind": "translation", "language": "ara", "target_language": "nld", "word_count": 500}
    response = requester_api.post("/api/v1/bookings/", request, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["deadline"]
    request["deadline"] = (now + timedelta(days=7)).isoformat()
    response = requester_api.post("/api/v1/bookings/", request, format="json")
    assert response.status_code == 201
    assert response.json()["target_language"] == "nld"
    assert response.json()["mode"] == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"postcode": ""}, "postcode"),
        ({"postcode": "9999"}, "postcode"),
        ({"address": ""}, "address"),
        ({"duration_minutes": 20}, "duration_minutes"),
        ({"language": "xxx"}, "language"),
        ({"language": "nld"}, "language"),
        ({"mode": "telepathy"}, "mode"),
        ({"sector": "space"}, "sector"),
        ({"duration_minutes": "long"}, "duration_minutes"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"starts_at": "9999-12-31T23:00:00+00:00"}, "starts_at"),
        ({"postcode": 35000}, "postcode"),
        ({"preferred_interpreter": 99999999999999}, "preferred_interpreter"),
        ({"language": ["ara"]}, "language"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(requester_api, on_site, change, field):
    response = requester_api.post("/api/v1/bookings/", {**on_site, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert all(isinstance(message, str) for message in response.json()[field])
    assert not Booking.objects.exists()


def test_a_start_in_the_past_gets_the_portals_message(requester_api, on_site, now):
    response = requester_api.post(
        "/api/v1/bookings/", {**on_site, "starts_at": (now - timedelta(hours=1)).isoformat()}, format="json"
    )
    assert response.json() == {"starts_at": ["Het beginuur ligt in het verleden."]}


def test_malformed_json_is_a_400(requester_api):
    response = requester_api.post("/api/v1/bookings/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_body_that_is_not_an_object_is_a_400(requester_api):
    response = requester_api.post("/api/v1/bookings/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_nul_byte_in_a_language_code_is_a_field_error_not_a_crash(requester_api, on_site):
    response = requester_api.post("/api/v1/bookings/", {**on_site, "target_language": "a\x00b"}, format="multipart")
    assert response.status_code == 400
    assert "target_language" in response.json()


def test_ids_beyond_the_database_range_are_field_errors(requester_api, on_site):
    response = requester_api.post(
        "/api/v1/bookings/", {**on_site, "preferred_interpreter": 2**80, "organisation": 2**80}, format="json"
    )
    assert response.status_code == 400
    assert {"preferred_interpreter", "organisation"} <= set(response.json())


def test_an_idempotency_key_with_control_characters_is_a_400(requester_api, on_site):
    response = requester_api.post("/api/v1/bookings/", on_site, format="json", HTTP_IDEMPOTENCY_KEY="a\x00b")
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_paths_outside_the_api_answer_json_404(requester_api):
    response = requester_api.post("/api/v1/bookings/abc/cancel/", {"reason": "x"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}
