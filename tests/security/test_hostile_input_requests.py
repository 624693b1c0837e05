"""The security probe's hostile booking requests (issue #26), through the web form and the API alike.

Each payload is refused with an error on its field, and nothing is written; never a 500.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bookings.models import Booking
from tests.factories import OrganisationFactory, requester
from tests.portal.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
INTERPRETING_URL = reverse("requester_booking_new")
TRANSLATION_URL = reverse("requester_translation_new")

# name → (kind, the fields that differ from a valid request, the field that must carry the error)
HOSTILE_REQUESTS = {
    "year 9999 at 23:30": ("interpreting", {"date": "9999-12-31", "start_time": "23:30"}, "starts_at"),
    "year 9999 at noon": ("interpreting", {"date": "9999-06-01", "start_time": "12:00"}, "starts_at"),
    "three years ahead": ("interpreting", {"years_ahead": 3}, "starts_at"),
    "duration 2**31": ("interpreting", {"duration_minutes": "2147483648"}, "duration_minutes"),
    "a 1 MB note": ("interpreting", {"notes": "x" * 1_000_000}, "notes"),
    "a 1 MB address": ("interpreting", {"address": "x" * 1_000_000}, "address"),
    "word count 2**31": ("translation", {"word_count": "2147483648"}, "word_count"),
    "deadline in 9999": ("translation", {"deadline": "9999-12-31T23:30"}, "deadline"),
    "a 1 MB translation note": ("translation", {"notes": "x" * 1_000_000}, "notes"),
}
FORM_FIELD = {"starts_at": "date"}


@pytest.fixture(params=sorted(HOSTILE_REQUESTS))
def hostile(request):
    return HOSTILE_REQUESTS[request.param]


@pytest.fixture
def user(db):
    return requester(OrganisationFactory(), username="probe-requester")


@pytest.fixture
def web(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def _day(overrides) -> str:
    years = overrides.pop("years_ahead", 0)
    return (timezone.localdate() + timedelta(days=7 + 366 * years)).isoformat()


def form_post(web, kind: str, overrides: dict):
    overrides = dict(overrides)
    day = _day(overrides)
    if kind == "translation":
        data = {"language": "ara", "target_language": "nld", "word_count": "100", "deadline": f"{day}T16:00"}
        data |= {"sector": "welzijn", "documents": [SimpleUploadedFile("a.pdf", PDF_BYTES)]}
        return web.post(TRANSLATION_URL, data | overrides)
    data = {"mode": "on_site", "language": "ara", "date": day, "start_time": "10:00", "duration_minutes": "60"}
    data |= {"address": "Kapelstraat 2", "postcode": "3500", "sector": "welzijn"}
    return web.post(INTERPRETING_URL, data | overrides)


def api_post(api, kind: str, overrides: dict):
    overrides = dict(overrides)
    day = _day(overrides)
    if kind == "translation":
        data = {"kind": "translation", "language": "ara", "target_language": "nld", "word_count": 100}
        deadline = overrides.pop("deadline", f"{day}T16:00")
        data["deadline"] = deadline + "+01:00"
    else:
        data = {"kind": "interpreting", "mode": "on_site", "language": "ara", "duration_minutes": 60}
        data |= {"postcode": "3500", "address": "Kapelstraat 2"}
        date, start = overrides.pop("date", day), overrides.pop("start_time", "10:00")
        data["starts_at"] = f"{date}T{start}:00+01:00"
    for name, value in overrides.items():
        data[name] = int(value) if name in ("duration_minutes", "word_count") else value
    return api.post("/api/v1/bookings/", data, format="json")


def test_the_valid_request_of_these_tests_is_accepted_by_both(web, api):
    assert form_post(web, "interpreting", {}).status_code == 302
    assert form_post(web, "translation", {}).status_code == 302
    assert api_post(api, "interpreting", {}).status_code == 201
    assert api_post(api, "translation", {}).status_code == 201


def test_the_form_refuses_a_hostile_request_on_its_field_and_writes_nothing(web, hostile):
    kind, overrides, field = hostile
    response = form_post(web, kind, overrides)
    assert response.status_code == 200
    assert response.context["form"].errors.get(FORM_FIELD.get(field, field))
    assert not Booking.objects.exists()


def test_the_api_refuses_a_hostile_request_with_400_on_its_field_and_writes_nothing(api, hostile):
    kind, overrides, field = hostile
    response = api_post(api, kind, overrides)
    assert response.status_code == 400
    assert field in response.json()
    assert not Booking.objects.exists()


years = st.one_of(st.integers(1, 9999), st.integers(timezone.now().year, timezone.now().year + 3))
generated = st.fixed_dictionaries(
    {
        "date": st.builds("{:04d}-{:02d}-{:02d}".format, years, st.integers(1, 12), st.integers(1, 28)),
        "start_time": st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.sampled_from([0, 30, 59])),
        "duration_minutes": st.integers(-(2**40), 2**40).map(str),
        "notes": st.integers(0, 6000).map(lambda n: "n" * n),
        "postcode": st.sampled_from(["3500", "1000", "0000", "99999", ""]),
    }
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(overrides=generated, word_count=st.integers(-(2**40), 2**40))
def test_generated_requests_never_fail_and_a_refused_one_writes_nothing(web, api, overrides, word_count):
    deadline = {"deadline": f"{overrides['date']}T{overrides['start_time']}", "word_count": str(word_count)}
    for post, kind, fields in [
        (form_post, "interpreting", overrides),
        (api_post, "interpreting", overrides),
        (form_post, "translation", deadline | {"notes": overrides["notes"]}),
        (api_post, "translation", deadline | {"notes": overrides["notes"]}),
    ]:
        before = Booking.objects.count()
        response = post(web if post is form_post else api, kind, fields)
        assert response.status_code in (200, 201, 302, 400), (kind, fields, response.status_code)
        if response.status_code in (200, 400):
            assert Booking.objects.count() == before


NESTED_JSON = b"[" * 5000


@pytest.mark.parametrize("path", ["/api/v1/token/", "/api/v1/bookings/"])
def test_json_nested_5000_deep_answers_400_in_json(api, path):
    response = api.post(path, NESTED_JSON, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert not Booking.objects.exists()
