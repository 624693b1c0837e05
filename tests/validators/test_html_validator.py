"""The W3C Nu Html Checker (vnu.jar from npm) over every page the browser tests visit, for every role in Dutch,
French and English, and the booking form with its errors: no error on any of them. One JVM checks them all."""

import json
import subprocess

import pytest
from django.test import Client

from tests.validators.conftest import language_cookie
from tests.validators.portal_pages import LANGUAGES, portal_roles

pytestmark = [pytest.mark.validators, pytest.mark.django_db]


def pages_as_files(tmp_path) -> list:
    files = []
    for role in portal_roles():
        for language in LANGUAGES:
            client = Client()
            if role.user is not None:
                client.force_login(role.user)
            language_cookie(client, language)
            responses = [(url, client.get(url)) for url in role.urls]
            if role.name == "requester":  # the form with its errors, as tests/e2e/test_keyboard_and_errors.py shows it
                responses.append(("booking form with errors", client.post(responses[1][0], {"mode": "on_site"})))
            for url, response in responses:
                assert response.status_code == 200, f"{role.name} {language} {url}: {response.status_code}"
                assert f'lang="{language}"' in response.content.decode()[:200]
                path = tmp_path / f"{len(files):03d}-{role.name}-{language}.html"
                path.write_bytes(response.content)
                files.append((path, f"{role.name} {language} {url}"))
    return files


def test_every_page_of_every_role_and_language_is_valid_html(tmp_path, vnu_jar):
    files = pages_as_files(tmp_path)
    named = {str(path): name for path, name in files}

    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(vnu_jar), "--format", "json", "--errors-only", "--exit-zero-always"]
        + [str(path) for path, _ in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]

    assert len(files) >= 100, f"only {len(files)} pages checked"
    assert not errors, "\n".join(
        f"{named.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '')!r}]"
        for m in errors[:40]
    )
    print(f"Nu Html Checker: {len(files)} pages, 0 errors")
