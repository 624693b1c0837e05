"""At submission: a requirement nobody can meet is refused with the reason and can be made a wish; an
excluded interpreter cannot also be the named one. The same rules for the portal form and the API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, ExcludedInterpreter, Kind, Status
from bookings.requests import BookingRequest
from portal.services import booking_submit
from tests.api.conftest import client_for
from tests.factories import BookingFactory, OrganisationFactory, language, requester
from tests.matching.conftest import interpreter, skill

pytestmark = pytest.mark.django_db
TARIFIT = "Geen actieve tolk spreekt Tarifit ter plaatse in Limburg."


@pytest.fixture
def organisation():
    return OrganisationFactory(name="OCMW Hasselt")


@pytest.fixture
def user(organisation):
    return requester(organisation, username="aanvrager")


@pytest.fixture
def berber_interpreter():
    """Speaks Tamazight, lives in Hasselt: the language on site in Limburg is covered, the variety Tarifit is not."""
    return interpreter("berber", languages={"tzm": "certified"})


def request_for(**fields) -> BookingRequest:
    values = {
        "kind": Kind.INTERPRETING,
        "language": language("tzm"),
        "starts_at": timezone.now().replace(second=0, microsecond=0) + timedelta(days=8),
        "mode": "on_site",
        "duration_minutes": 60,
        "postcode": "3500",
        "address": "Markt 1",
        "variety_text": "Tarifit",
        "variety": language("rif"),
        "variety_required": True,
    }
    return BookingRequest(**{**values, **fields})


def test_a_required_variety_nobody_speaks_is_refused_with_the_reason(berber_interpreter, organisation, user):
    with pytest.raises(ValidationError) as refused:
        booking_submit(request=request_for(), organisation=organisation, by=user)
    message = refused.value.message_dict["variety"][0]
    assert message.startswith(TARIFIT)
    assert "Maak er een wens van" in message
    assert not Booking.objects.exists()


def test_the_same_variety_as_a_wish_is_accepted(berber_interpreter, organisation, user):
    booking = booking_submit(request=request_for(variety_required=False), organisation=organisation, by=user)
    assert (booking.variety_id, booking.variety_text, booking.variety_required) == ("rif", "Tarifit", False)


def test_a_required_variety_someone_speaks_is_accepted(berber_interpreter, organisation, user):
    skill(berber_interpreter, "rif")
    booking = booking_submit(request=request_for(), organisation=organisation, by=user)
    assert booking.variety_required


@pytest.mark.parametrize(
    ("fields", "field", "start"),
    [
        ({"gender_preference": "m", "gender_required": True}, "gender_preference", "Geen actieve tolk (man)"),
        ({"min_level": "sworn", "min_level_required": True}, "min_level", "Geen actieve tolk van minstens niveau"),
    ],
)
def test_other_requirements_nobody_meets_are_refused_too(fields, field, start, berber_interpreter, organisation, user):
    berber_interpreter.gender = "f"
    berber_interpreter.save()
    request = request_for(variety=None, variety_text="", variety_required=False, **fields)
    with pytest.raises(ValidationError) as refused:
        booking_submit(request=request, organisation=organisation, by=user)
    assert refused.value.message_dict[field][0].startswith(start)


def test_a_required_named_interpreter_without_the_language_is_refused(berber_interpreter, organisation, user):
    arabic = interpreter("arabic")
    request = request_for(variety=None, variety_required=False, preferred_interpreter=arabic, preferred_required=True)
    with pytest.raises(ValidationError) as refused:
        booking_submit(request=request, organisation=organisation, by=user)
    expected = f"{arabic} tolkt geen Centraal-Atlas-Tamazight ter plaatse in Limburg op die datum."
    assert refused.value.message_dict["preferred_interpreter"][0].startswith(expected)


def test_without_any_interpreter_for_the_language_the_request_still_goes_to_staff(organisation, user):
    booking = booking_submit(request=request_for(), organisation=organisation, by=user)
    assert booking.status == Status.SUBMITTED


def test_an_excluded_interpreter_cannot_also_be_the_named_one(berber_interpreter, organisation, user):
    request = request_for(
        variety_required=False, preferred_interpreter=berber_interpreter, excluded_interpreter=berber_interpreter
    )
    with pytest.raises(ValidationError) as refused:
        booking_submit(request=request, organisation=organisation, by=user)
    assert refused.value.message_dict["excluded_interpreter"] == [
        "Dezelfde tolk kan niet gevraagd én uitgesloten zijn."
    ]


def test_the_database_refuses_an_excluded_named_interpreter_too(berber_interpreter):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(preferred_interpreter=berber_interpreter, excluded_interpreter=berber_interpreter)


def test_an_exclusion_on_a_request_holds_for_every_job_of_the_organisation(berber_interpreter, organisation, user):
    request = request_for(variety_required=False, excluded_interpreter=berber_interpreter, exclusion_reason="familie")
    booking_submit(request=request, organisation=organisation, by=user)
    exclusion = ExcludedInterpreter.objects.get(organisation=organisation)
    assert (exclusion.interpreter, exclusion.reason, exclusion.created_by) == (berber_interpreter, "familie", user)


# the portal form


def form_data(**overrides):
    data = {
        "mode": "on_site",
        "language": "tzm",
        "date": (timezone.localdate() + timedelta(days=8)).isoformat(),
        "start_time": "10:00",
        "duration_minutes": "60",
        "address": "Markt 1",
        "postcode": "3500",
        "sector": "welzijn",
        "variety_text": "Tarifit",
        "variety": "rif",
        "variety_required": "on",
    }
    return {**data, **overrides}


def test_the_form_shows_the_refusal_keeps_the_input_and_accepts_it_as_a_wish(berber_interpreter, client, user):
    client.force_login(user)
    url = reverse("requester_booking_new")
    refused = client.post(url, form_data())
    form = refused.context["form"]
    assert form.errors["variety"][0].startswith(TARIFIT)
    assert form.data["variety_text"] == "Tarifit" and form.data["variety"] == "rif"
    assert not Booking.objects.exists()
    client.post(url, {key: value for key, value in form_data().items() if key != "variety_required"})
    booking = Booking.objects.get()
    assert (booking.variety_id, booking.variety_required) == ("rif", False)


def test_the_form_stores_ranked_modes_and_an_exclusion(berber_interpreter, client, user, organisation):
    BookingFactory(organisation=organisation, status=Status.COMPLETED, interpreter=berber_interpreter)
    client.force_login(user)
    data = form_data(
        variety_required="",
        mode_2="video",
        connection_details_2="https://video.example.be/1",
        excluded_interpreter=berber_interpreter.pk,
        min_level="certified",
    )
    response = client.post(reverse("requester_booking_new"), data)
    assert response.status_code == 302, response.context["form"].errors
    booking = Booking.objects.exclude(status=Status.COMPLETED).get()
    assert list(booking.mode_options.values_list("mode", flat=True)) == ["on_site", "video"]
    assert (booking.excluded_interpreter, booking.min_level, booking.min_level_required) == (
        berber_interpreter,
        "certified",
        False,
    )
    assert ExcludedInterpreter.objects.filter(organisation=organisation, interpreter=berber_interpreter).exists()


# the API


def api_body(**overrides):
    body = {
        "kind": "interpreting",
        "mode": "on_site",
        "language": "tzm",
        "starts_at": (timezone.now() + timedelta(days=8)).replace(microsecond=0).isoformat(),
        "duration_minutes": 60,
        "postcode": "3500",
        "address": "Markt 1",
        "variety_text": "Tarifit",
        "variety": "rif",
        "variety_required": True,
    }
    return {**body, **overrides}


def test_the_api_refuses_an_unmeetable_requirement_with_400_and_the_reason(berber_interpreter, user):
    response = client_for(user).post("/api/v1/bookings/", api_body(), format="json")
    assert response.status_code == 400
    assert response.json()["variety"][0].startswith(TARIFIT)
    accepted = client_for(user).post("/api/v1/bookings/", api_body(variety_required=False), format="json")
    assert accepted.status_code == 201, accepted.content
    assert (accepted.json()["variety"], accepted.json()["variety_required"]) == ("rif", False)


def test_the_api_refuses_an_excluded_named_interpreter(berber_interpreter, user):
    body = api_body(
        variety_required=False, preferred_interpreter=berber_interpreter.pk, excluded_interpreter=berber_interpreter.pk
    )
    response = client_for(user).post("/api/v1/bookings/", body, format="json")
    assert response.status_code == 400
    assert "excluded_interpreter" in response.json()


def test_the_api_takes_ranked_modes(berber_interpreter, user):
    body = api_body(variety_required=False, mode_2="phone", connection_details_2="011 22 33 44")
    response = client_for(user).post("/api/v1/bookings/", body, format="json")
    assert response.status_code == 201, response.content
    booking = Booking.objects.get(pk=response.json()["id"])
    assert list(booking.mode_options.values_list("rank", "mode")) == [(1, "on_site"), (2, "phone")]
