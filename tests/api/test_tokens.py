import pytest
from rest_framework.authtoken.models import Token

from tests.api.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_gets_a_token_with_username_and_password(anonymous_api):
    user = UserFactory(username="caseworker")
    response = anonymous_api.post(
        "/api/v1/token/", {"username": "caseworker", "password": "secret-pw-123"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_the_token_authenticates_later_calls(anonymous_api):
    UserFactory(username="caseworker")
    token = anonymous_api.post("/api/v1/token/", {"username": "caseworker", "password": "secret-pw-123"}).json()[
        "token"
    ]
    anonymous_api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anonymous_api.get("/api/v1/me/").json()["username"] == "caseworker"


def test_a_wrong_password_is_a_400_without_a_token(anonymous_api):
    UserFactory(username="caseworker")
    response = anonymous_api.post("/api/v1/token/", {"username": "caseworker", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Token.objects.exists()


def test_a_missing_password_is_a_field_error(anonymous_api):
    response = anonymous_api.post("/api/v1/token/", {"username": "caseworker"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["password"]


def test_the_owner_revokes_its_token(requester_api, requester_user):
    assert requester_api.delete("/api/v1/token/").status_code == 204
    assert not Token.objects.filter(user=requester_user).exists()
    assert requester_api.get("/api/v1/me/").status_code == 401


def test_revoking_needs_authentication(anonymous_api):
    assert anonymous_api.delete("/api/v1/token/").status_code == 401


def test_staff_revoke_anyones_token(staff_api, requester_api, requester_user):
    assert staff_api.delete(f"/api/v1/tokens/{requester_user.username}/").status_code == 204
    assert requester_api.get("/api/v1/me/").status_code == 401


def test_a_requester_may_not_revoke_someone_elses_token(requester_api, other_requester_user):
    client_for(other_requester_user)
    assert requester_api.delete(f"/api/v1/tokens/{other_requester_user.username}/").status_code == 403
    assert Token.objects.filter(user=other_requester_user).exists()


def test_revoking_the_token_of_an_unknown_user_is_404(staff_api):
    assert staff_api.delete("/api/v1/tokens/nobody/").status_code == 404


def test_a_locked_out_login_is_a_json_429_with_retry_after(anonymous_api, settings):
    if "axes" not in settings.INSTALLED_APPS:
        pytest.skip("django-axes (login lockout) is not installed")
    UserFactory(username="caseworker")
    wrong = {"username": "caseworker", "password": "wrong"}
    statuses = [anonymous_api.post("/api/v1/token/", wrong, format="json").status_code for _ in range(6)]
    assert statuses[0] == 400 and statuses[-1] == 429
    response = anonymous_api.post("/api/v1/token/", {**wrong, "password": "secret-pw-123"}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert not Token.objects.exists()


def test_an_empty_page_number_is_404(requester_api):
    assert requester_api.get("/api/v1/regions/?page=").status_code == 404
