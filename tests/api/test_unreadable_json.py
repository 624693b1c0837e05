"""A body the JSON parser cannot read answers 400 in JSON, never a 500 page."""

import pytest

from tests.security.test_hostile_input_requests import NESTED_JSON

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", [NESTED_JSON, b"{", b"\xff\xfe"], ids=["nested 5000 deep", "truncated", "not utf-8"])
def test_an_unreadable_json_body_answers_400_in_json(requester_api, body):
    response = requester_api.post("/api/v1/bookings/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_body_in_another_media_type_still_answers_415(requester_api):
    assert requester_api.post("/api/v1/bookings/", "x", content_type="text/plain").status_code == 415
