import pytest

pytestmark = pytest.mark.django_db


def test_me_tells_a_requester_its_organisations(requester_api, organisation):
    assert requester_api.get("/api/v1/me/").json() == {
        "username": "municipal-caseworker",
        "role": "requester",
        "organisations": [organisation.pk],
        "interpreter": None,
    }


def test_me_tells_an_interpreter_its_interpreter_id(interpreter_api, interpreter):
    body = interpreter_api.get("/api/v1/me/").json()
    assert body["role"] == "interpreter"
    assert body["interpreter"] == interpreter.pk
    assert body["organisations"] == []


def test_me_tells_staff_its_role(staff_api):
    assert staff_api.get("/api/v1/me/").json()["role"] == "staff"


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/regions/", "/api/v1/languages/", "/api/v1/bookings/"])
def test_anonymous_callers_get_401(anonymous_api, path):
    response = anonymous_api.get(path)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_regions_are_listed_with_their_codes(requester_api):
    body = requester_api.get("/api/v1/regions/").json()
    assert body["count"] >= 5
    assert {"id", "code", "name"} == set(body["results"][0])


def test_languages_list_active_languages_common_ones_first(interpreter_api):
    from languages.models import Language

    Language.objects.filter(code="ara").update(is_common=True)
    Language.objects.filter(code="tlh").update(is_active=False)
    body = interpreter_api.get("/api/v1/languages/").json()
    assert body["count"] == Language.objects.active().count()
    assert body["results"][0]["is_common"] is True
    assert set(body["results"][0]) == {"code", "name_nl", "name_fr", "name_en", "is_common"}
    codes = {row["code"] for page in _all_pages(interpreter_api, "/api/v1/languages/") for row in page}
    assert "ara" in codes and "tlh" not in codes


def _all_pages(client, url):
    while url:
        body = client.get(url).json()
        yield body["results"]
        url = body["next"]
