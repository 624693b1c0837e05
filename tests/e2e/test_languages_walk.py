"""Every role's pages in Chromium, in French, English and Dutch as chosen in the menu: the text a reader sees
after the page's own scripts ran (the cost estimate, the live parts, the table labels) has no Dutch on a French
or English page and one date and number format per language. The same checks as tests/i18n/test_page_walk.py,
which reads the HTML as the server sends it."""

import pytest
from django.conf import settings
from django.test import Client

from tests.i18n.test_page_walk import (
    date_problems,
    dutch_found,
    number_problems,
    portal_roles_with_history,
    visible_texts,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
ORDER = ("fr", "en", "nl")  # Dutch last: the switch back is walked too


def choose_language(page, language: str) -> None:
    """As a reader does: pick the language in the menu's list, then press its button."""
    page.locator("#language-select").select_option(language)
    page.locator("#language-select").locator("xpath=ancestor::form").get_by_role("button").click()
    page.wait_for_load_state()


def session_cookie(user, url: str) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


def test_the_pages_read_in_one_language_and_one_format_in_the_browser(new_page, live_server):
    problems, walked = [], 0
    for role in portal_roles_with_history():
        page = new_page()
        if role.user is not None:
            page.context.add_cookies([session_cookie(role.user, live_server.url)])
        page.goto(role.urls[0])
        for language in ORDER:
            choose_language(page, language)
            for url in role.urls:
                response = page.goto(url)
                assert response.status == 200, (role.name, language, url, response.status)
                page.wait_for_load_state("networkidle")
                assert page.locator("html").get_attribute("lang") == language, (role.name, url)
                texts = visible_texts(page.content(), language)
                where = f"{role.name} {language} {url}"
                if language != "nl":
                    problems += [f"{where}: Dutch {found}" for found in dutch_found(texts)]
                problems += [f"{where}: date {found}" for found in date_problems(texts, language)]
                problems += [f"{where}: number {found}" for found in number_problems(texts, language)]
                walked += 1
        page.close()
    assert walked >= 100
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
