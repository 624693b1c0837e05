"""Object-level access, generated over every URL pattern that takes an id or a token.

For each such route, organisation A's requester, interpreter X and an anonymous caller try it with the id
of organisation B's / interpreter Y's rows (GET, POST and for the API also DELETE): they get 404 (or 403,
405, 410; anonymous callers a redirect to the login), never the page, and nothing of B changes.
Lists never show B's rows.
Positive controls show that the owners and staff do see the same rows (so the probes are not vacuous).
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.security.conftest import FOREIGN, SECRETS, fingerprint

pytestmark = pytest.mark.django_db

# Routes with parameters that are not ids of anything private (public by design or checked elsewhere).
NOT_OBJECTS = {
    "password_reset_confirm": "a signed one-time token for a password reset: Django's own check",
}
SUBSTITUTE = {"fmt": "csv", "party": "requester", "code": "cursussen", "username": "requester-b"}
REFUSED = {401, 403, 404, 405, 410}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def _concrete(route: str) -> str:
    """A URL with FOREIGN in every id, a bogus token in every token, and a fixed value elsewhere."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: f"<str:{m.group(1)}>", route)

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if converter == "int":
            return str(FOREIGN)
        if name == "token":
            return "forged-token-0123456789"
        return SUBSTITUTE.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def routes_with_ids():
    found = {}
    for route, name in _walk(get_resolver().url_patterns):
        if "<" not in route and "(?P" not in route:
            continue
        if route.startswith("admin/") or name in NOT_OBJECTS:
            continue  # the admin is staff-only (tested with 2FA); see NOT_OBJECTS for the others
        found[_concrete(route)] = name
    return sorted(found.items())


def routes_without_ids():
    found = set()
    for route, name in _walk(get_resolver().url_patterns):
        if "<" in route or "(?P" in route or route.startswith("admin/") or route.endswith("^"):
            continue
        if name in {"logout", "set_language", "token", "schema", "docs", "redoc"}:
            continue
        found.add("/" + route)
    return sorted(found)


def _callers(world):
    web_a, web_x = Client(), Client()
    web_a.force_login(world.requester_a)
    web_x.force_login(world.interpreter_x.user)
    api_a, api_x = APIClient(), APIClient()
    api_a.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.requester_a).key}")
    api_x.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.interpreter_x.user).key}")
    return {
        "requester of A": (web_a, api_a),
        "interpreter X": (web_x, api_x),
        "anonymous": (Client(), APIClient()),
    }


def _refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and "/accounts/login/" in response.get("Location", "")


@pytest.mark.parametrize(("url", "name"), routes_with_ids(), ids=[name or url for url, name in routes_with_ids()])
def test_outsiders_get_nothing_of_another_organisation_or_interpreter(world, url, name):
    before = fingerprint(world)
    problems = []
    for role, (web, api) in _callers(world).items():
        client = api if url.startswith("/api/") else web
        methods = ["get", "post"] + (["delete"] if url.startswith("/api/") else [])
        for method in methods:
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
            if not _refused(response):
                problems.append(f"{role} {method.upper()} {url} → {response.status_code}")
            elif any(secret in body for secret in SECRETS):
                problems.append(f"{role} {method.upper()} {url} shows B's data")
    assert not problems, "\n".join(problems)
    assert fingerprint(world) == before, "an outsider changed something of organisation B"


@pytest.mark.parametrize("url", routes_without_ids())
def test_lists_never_show_another_organisations_rows(world, url):
    for role, (web, api) in _callers(world).items():
        client = api if url.startswith("/api/") else web
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        body = response.content.decode(errors="replace")
        leaked = [secret for secret in SECRETS if secret in body]
        assert not leaked, f"{role} sees {leaked} at {url}"


def test_the_generated_routes_cover_bookings_offers_documents_and_the_api(world):
    names = {name for _url, name in routes_with_ids()}
    assert {
        "requester_booking_detail",
        "requester_booking_document",
        "interpreter_offer_accept",
        "interpreter_job_document",
        "staff_booking_assign",
        "booking",
        "offer-accept",
        "calendar_feed",
    } <= names


def test_the_owners_and_staff_do_see_those_rows(world):
    """Positive controls: the same ids work for the requester of B, interpreter Y and staff."""
    owner = Client()
    owner.force_login(world.requester_b)
    assert owner.get(f"/bookings/{FOREIGN}/").status_code == 200
    download = owner.get(f"/bookings/{FOREIGN}/documents/{FOREIGN}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 geheim dossier"

    interpreter = Client()
    interpreter.force_login(world.interpreter_y.user)
    job_document = interpreter.get(f"/jobs/{FOREIGN}/documents/{FOREIGN}/")
    assert job_document.status_code == 200
    assert job_document["Content-Disposition"].startswith("attachment")
    assert "TP-GEHEIM-B2" in interpreter.get("/offers/").content.decode()

    api = APIClient()
    api.force_authenticate(world.requester_b)
    assert api.get(f"/api/v1/bookings/{FOREIGN}/").json()["reference"] == "TP-GEHEIM-B"

    staff = Client()
    staff.force_login(world.staff)
    assert staff.get(f"/staff/bookings/{FOREIGN}/").status_code == 200
