import pytest
from rest_framework.throttling import SimpleRateThrottle

from webhooks.models import EventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/hour")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/hour")


def test_a_token_over_its_rate_gets_429_with_retry_after(low_rates, requester_api, other_requester_api):
    assert [requester_api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    response = requester_api.get("/api/v1/me/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()
    assert other_requester_api.get("/api/v1/me/").status_code == 200  # counted per token


def test_anonymous_logins_are_throttled_too(low_rates, anonymous_api):
    statuses = [anonymous_api.post("/api/v1/token/", {"username": "x", "password": "y"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_the_openapi_schema_describes_every_endpoint(anonymous_api):
    response = anonymous_api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/token/",
        "/api/v1/tokens/{username}/",
        "/api/v1/me/",
        "/api/v1/regions/",
        "/api/v1/languages/",
        "/api/v1/bookings/",
        "/api/v1/bookings/{id}/",
        "/api/v1/bookings/{id}/cancel/",
        "/api/v1/bookings/{id}/assign/",
        "/api/v1/bookings/{id}/complete/",
        "/api/v1/bookings/{id}/timesheet/approve/",
        "/api/v1/bookings/{id}/timesheet/dispute/",
        "/api/v1/bookings/{id}/messages/",
        "/api/v1/bookings/{id}/withdraw/",
        "/api/v1/offers/",
        "/api/v1/offers/{id}/accept/",
        "/api/v1/offers/{id}/decline/",
        "/api/v1/presence/",
        "/api/v1/calendar/",
        "/api/v1/reports/{year}/",
        "/api/v1/webhooks/",
        "/api/v1/webhooks/{id}/",
    }
    create = schema["paths"]["/api/v1/bookings/"]["post"]
    assert {"201", "400", "401", "403", "422", "429"} <= set(create["responses"])
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    accept = schema["paths"]["/api/v1/offers/{id}/accept/"]["post"]
    assert "409" in accept["responses"]
    assert "text/calendar" in schema["paths"]["/api/v1/calendar/"]["get"]["responses"]["200"]["content"]
    # what the requesters' systems receive: every event's body, the booking as the API shows it
    assert set(schema["webhooks"]) == {*EventType.values, "ping"}
    body = schema["webhooks"]["booking.confirmed"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    event = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert set(event["properties"]) == {"type", "timestamp", "data"}
    assert event["properties"]["data"] == {"$ref": "#/components/schemas/Booking"}


@pytest.mark.parametrize("path", ["/api/v1/token/", "/api/v1/bookings/"])
def test_a_body_in_a_media_type_the_api_does_not_read_gets_415_as_documented(requester_api, path):
    response = requester_api.post(path, "username=x", content_type="text/plain")
    assert response.status_code == 415
    assert "detail" in response.json()
    schema = requester_api.get("/api/schema/", {"format": "json"}).json()
    assert "415" in schema["paths"][path]["post"]["responses"]
    assert "415" not in schema["paths"]["/api/v1/me/"]["get"]["responses"]  # no body, no 415


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_docs_load_their_scripts_from_this_server(anonymous_api, path):
    response = anonymous_api.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr.net" not in html
