"""A Content-Security-Policy on every page, and no inline script anywhere it would need an exception."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.security.test_object_access import routes_without_ids

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def callers(world):
    staff, interpreter, owner = Client(), Client(), Client()
    staff.force_login(world.staff)
    interpreter.force_login(world.interpreter_y.user)
    owner.force_login(world.requester_b)
    return {"anonymous": Client(), "staff": staff, "interpreter": interpreter, "requester": owner}


def test_every_page_carries_a_policy_that_allows_only_our_own_scripts(callers):
    checked = 0
    for url in routes_without_ids() + ["/accounts/login/", "/api/docs/", "/api/redoc/", "/admin/"]:
        for role, client in callers.items():
            response = client.get(url)
            assert "Content-Security-Policy" in response, f"{role} {url}: no policy"
            policy = directives(response["Content-Security-Policy"])
            assert policy["script-src"] == ["'self'"], f"{role} {url}: {policy['script-src']}"
            assert policy["object-src"] == ["'none'"]
            assert policy["frame-ancestors"] == ["'none'"]
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                html = response.content.decode()
                assert not INLINE_SCRIPT.search(html), f"{role} {url}: inline <script>"
                assert not EVENT_HANDLER.search(html), f"{role} {url}: inline on...= handler"
                checked += 1
    assert checked > 40  # the pages were really rendered, not only redirects


def test_only_the_vendor_api_docs_may_use_inline_styles(callers):
    for url in ("/", "/bookings/", "/api/docs/"):
        policy = directives(callers["requester"].get(url)["Content-Security-Policy"])
        assert ("'unsafe-inline'" in policy["style-src"]) == (url == "/api/docs/")


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
