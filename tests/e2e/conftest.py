"""End-to-end fixtures: a live server, a real Celery worker on Redis and Debian's Chromium driven by Playwright.

Every page a journey visits goes through `check_page`: a screenshot in tests/e2e/screenshots/, an axe-core scan
that fails on any serious or critical violation, and a check that the page needs no horizontal scrolling on a
375 px wide phone.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from config.celery_app import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_WIDTH = 375
DESKTOP = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = ("serious", "critical")
PASSWORD = "secret-pw-123"  # tests/factories UserFactory

# Every test here: a browser, a live server and the real database (the worker and the server share it).
E2E_MARKS = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def redis_celery(settings):
    """Tasks go to Redis for real (tests/settings.py runs them eagerly in memory), on a queue of our own."""
    queue = f"test-e2e-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, broker_url=django_settings.TEST_REDIS_URL, task_default_queue=queue)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield queue
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(redis_celery, tmp_path):
    """`celery -A config worker` on the test database and our queue."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": django_settings.TEST_REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_QUEUE": redis_celery,  # what the worker enqueues itself (the sends of its offers) it reads too
        "EMAIL_URL": "console://",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
    }
    log_path = tmp_path / "worker.log"
    log = open(log_path, "w+")  # noqa: SIM115 - closed below
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["-Q", redis_celery, "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log_path = log_path
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.seek(0)
        print(log.read()[-4000:])  # shown by pytest when the test failed
        log.close()


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium, headless. Playwright's sync API keeps an event loop in this thread, so Django's
    async-safety check must be told that the ORM calls a test makes meanwhile are fine."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(chromium, live_server):
    """new_page(width=1280): a page in a fresh context whose relative URLs go to the live server."""
    contexts = []

    def make(*, width: int = DESKTOP["width"], height: int = DESKTOP["height"], locale: str = "nl-BE"):
        context = chromium.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale=locale, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def field(page, label: str):
    """The form field with exactly this label (crispy adds an asterisk to required ones)."""
    pattern = re.escape(label).replace("\\ ", " ")
    return page.get_by_label(re.compile(rf"^\s*{pattern}\s*\*?\s*$"))


def login(page, username: str, password: str = PASSWORD, *, check_as: str = ""):
    """Log in through the login page (scanned too when `check_as` names its screenshot)."""
    page.goto("/accounts/login/")
    if check_as:
        check_page(page, check_as)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


def _axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:5]]
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} at {json.dumps(targets)}")
    return "\n".join(lines)


def check_page(page, name: str) -> None:
    """Screenshot, axe-core scan (no serious or critical violation) and no horizontal scrolling at 375 px."""
    page.wait_for_load_state()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    violations = _axe_violations(page)
    assert not violations, f"{name} ({page.url}) has accessibility violations:\n{_describe(violations)}"
    viewport = page.viewport_size
    if viewport["width"] != PHONE_WIDTH:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": viewport["height"]})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if viewport["width"] != PHONE_WIDTH:
        page.set_viewport_size(viewport)
    assert scroll_width <= PHONE_WIDTH, f"{name} ({page.url}) scrolls sideways on a phone: {scroll_width} px wide"
