"""A second accessibility engine beside axe-core (tests/e2e): pa11y with HTML_CodeSniffer, WCAG 2.1 AA, in Debian's
Chromium, over every page the browser tests visit, for every role in Dutch, French and English. It fails on any
error that the short allow-list below does not explain."""

import json
import subprocess
from collections import Counter

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import CHROMIUM
from tests.validators.portal_pages import LANGUAGES, portal_roles

pytestmark = [pytest.mark.browser, pytest.mark.validators, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
RUNNER = "tests/validators/pa11y_run.js"

# The errors that are not ones, each with its reason: none so far. An entry goes here only with the reason why
# HTML_CodeSniffer is wrong about it (axe-core in tests/e2e checks the same pages).
ALLOWED: dict[str, str] = {}


def cookies_of(user, language: str) -> dict:
    cookies = {settings.LANGUAGE_COOKIE_NAME: language}
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def test_every_page_of_every_role_and_language_passes_html_codesniffer(live_server, pa11y_ready):
    pages = [
        {
            "name": f"{role.name} {language} {url}",
            "url": live_server.url + url,
            "cookies": cookies_of(role.user, language),
        }
        for role in portal_roles()
        for language in LANGUAGES
        for url in role.urls
    ]
    request = {"chromium": CHROMIUM, "pages": pages, "ignore": []}

    result = subprocess.run(
        ["node", RUNNER], input=json.dumps(request), capture_output=True, text=True, timeout=600, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr[-3000:]
    issues = json.loads(result.stdout)

    assert len(issues) == len(pages) >= 100
    failing = {name: [i for i in found if i["code"] not in ALLOWED] for name, found in issues.items()}
    failing = {name: found for name, found in failing.items() if found}
    assert not failing, "\n".join(
        f"{name}: {issue['code']} at {issue['selector']}: {issue['message']}"
        for name, found in failing.items()
        for issue in found[:5]
    )
    allowed = Counter(i["code"] for found in issues.values() for i in found)
    print(f"pa11y (HTML_CodeSniffer): {len(pages)} pages, 0 errors; allowed: {dict(allowed)}")
