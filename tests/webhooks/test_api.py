"""GET, POST /api/v1/webhooks/ and DELETE /api/v1/webhooks/{id}/: a requester manages its organisation's endpoints."""

import base64

import pytest
from django.core.cache import cache

from tests.api.conftest import client_for
from tests.factories import InterpreterFactory, OrganisationFactory, StaffFactory, requester
from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()


@pytest.fixture
def api(caseworker):
    return client_for(caseworker)


def test_a_requester_adds_an_endpoint_and_sees_its_secret_once(api, organisation):
    response = api.post(
        "/api/v1/webhooks/", {"url": "https://case.example.be/hooks", "events": ["booking.confirmed"]}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "url", "events", "is_active", "created_at", "secret"}
    assert body["secret"].startswith("whsec_") and len(base64.b64decode(body["secret"][6:])) >= 24
    endpoint = WebhookEndpoint.objects.get(pk=body["id"])
    assert (endpoint.organisation, endpoint.secret) == (organisation, body["secret"])
    assert endpoint.events == ["booking.confirmed"]
    listed = api.get("/api/v1/webhooks/").json()
    assert listed["count"] == 1
    assert listed["results"][0] == {key: value for key, value in body.items() if key != "secret"}


def test_no_events_means_all(api):
    response = api.post("/api/v1/webhooks/", {"url": "https://case.example.be/hooks"}, format="json")
    assert response.status_code == 201 and response.json()["events"] == []
    assert WebhookEndpoint.objects.get().wants("booking.withdrawn")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://case.example.be/"}, "url"),
        ({"url": "https://case.example.be/", "events": ["booking.eaten"]}, "events"),
        ({"url": "https://case.example.be/", "events": "booking.created"}, "events"),
        ({"events": []}, "url"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(api, body, field):
    response = api.post("/api/v1/webhooks/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["http://case.example.be/hooks", "https://10.1.2.3/hooks", "https://169.254.169.254/", "https://localhost/x"],
)
def test_in_production_only_https_to_public_addresses(api, settings, url):
    settings.TOLK_WEBHOOKS_ALLOW_LOCAL = False
    response = api.post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["url"]


def test_plain_http_to_localhost_when_allowed(api, settings):
    settings.TOLK_WEBHOOKS_ALLOW_LOCAL = True
    assert api.post("/api/v1/webhooks/", {"url": "http://127.0.0.1:8001/h"}, format="json").status_code == 201
    assert api.post("/api/v1/webhooks/", {"url": "http://case.example.be/h"}, format="json").status_code == 400


def test_a_requester_deletes_its_own_and_not_another_organisations(api, make_endpoint):
    own = make_endpoint()
    foreign = WebhookEndpoint.objects.create(organisation=OrganisationFactory(), url="https://x.example/", secret="s")
    assert api.delete(f"/api/v1/webhooks/{foreign.pk}/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{own.pk}/").status_code == 204
    assert list(WebhookEndpoint.objects.all()) == [foreign]
    assert api.delete(f"/api/v1/webhooks/{own.pk}/").status_code == 404


def test_each_sees_its_own_staff_sees_all_interpreters_nothing(make_endpoint):
    mine = make_endpoint()
    other = requester(OrganisationFactory())
    their_organisation = other.memberships.get().organisation
    theirs = WebhookEndpoint.objects.create(organisation=their_organisation, url="https://y/", secret="s")
    assert [r["id"] for r in client_for(other).get("/api/v1/webhooks/").json()["results"]] == [theirs.pk]
    staff = client_for(StaffFactory())
    assert {r["id"] for r in staff.get("/api/v1/webhooks/").json()["results"]} == {mine.pk, theirs.pk}
    assert staff.post("/api/v1/webhooks/", {"url": "https://z.example/"}, format="json").status_code == 403
    assert staff.delete(f"/api/v1/webhooks/{mine.pk}/").status_code == 403
    interpreter = client_for(InterpreterFactory().user)
    assert interpreter.get("/api/v1/webhooks/").status_code == 403
    assert "secret" not in str(staff.get("/api/v1/webhooks/").json())


def test_an_organisation_has_at_most_ten(api, make_endpoint):
    for number in range(10):
        make_endpoint(url=f"https://case.example.be/{number}")
    response = api.post("/api/v1/webhooks/", {"url": "https://case.example.be/11"}, format="json")
    assert response.status_code == 400 and "url" in response.json()
