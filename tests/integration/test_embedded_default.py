"""`make run` on the embedded default: SQLite and kombu's filesystem transport, web + worker + beat under honcho.

A newcomer's first minutes with real processes and nothing configured (no DATABASE_URL, no REDIS_URL): migrate,
load the demo data, start the Procfile exactly as `make run` does, then, as demo-requester, book a phone
interpreter for Arabic through the API and another through the web form. Within a minute both are offered,
the offer mail shows in the worker's output (console email backend) and the dashboard answers.

It talks only to the subprocesses: no PostgreSQL, no Redis, no pytest-django database.
"""

import html
import os
import re
import signal
import socket
import subprocess
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest
import requests

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
HONCHO = ROOT / ".venv" / "bin" / "honcho"
PASSWORD = "tolkportaal-demo"
BRUSSELS = ZoneInfo("Europe/Brussels")
WAIT_SECONDS = 90  # every wait on a process or a page
COMMAND_SECONDS = 240  # migrate, seed_demo (about 25 s together on 2 cores)
OFFERED_WITHIN_SECONDS = 60
HTTP_TIMEOUT = 30
# templates/emails/offer_made/subject.txt in each language of the interface (an interpreter's own choice)
OFFER_SUBJECTS = ("Nieuw aanbod: {ref}", "New offer: {ref}", "Nouvelle offre : {ref}")
# what config/settings.py reads from the environment: none of it may leak in from the outer one
OUTER_NAMES = {
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "MEDIA_ROOT",
    "SITE_URL",
    "TIME_ZONE",
    "LOG_LEVEL",
    "PORT",
}
OUTER_PREFIXES = ("DJANGO_", "CELERY_", "TOLK_", "BILLING_", "API_THROTTLE_", "LOGIN_")
HONCHO_LINE = re.compile(r"^\d\d:\d\d:\d\d (?P<name>\S+)\s*\| ?(?P<text>.*)$")


def embedded_env(tmp_path: Path) -> dict[str, str]:
    """The outer environment without any setting, plus the embedded default moved into tmp_path."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in OUTER_NAMES and not name.startswith(OUTER_PREFIXES)
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TOLK_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="config.settings",
        EMAIL_URL="console://",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    command = [str(PYTHON), "manage.py", *args]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_SECONDS)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"`manage.py {' '.join(args)}` did not finish within {COMMAND_SECONDS} s:\n{exc.output}")
    output = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"`manage.py {' '.join(args)}` exited with {done.returncode}:\n{output[-6000:]}")
    return output


def free_port() -> int:
    """A port nobody listens on (honcho gives web this one, and counts on from it by 100 per process)."""
    for _attempt in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + 300 < 65536:
            return port
    raise AssertionError("no free port below 65236")


class Honcho:
    """`honcho start -f Procfile --port PORT` as `make run` runs it; output to a file; always stopped."""

    def __init__(self, tmp_path: Path, env: dict[str, str], port: int):
        self.log_path = tmp_path / "honcho.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop
        self.port = port
        self.process = subprocess.Popen(
            # an empty env file: honcho would read a developer's own .env, which may not be the embedded default
            [str(HONCHO), "start", "-f", "Procfile", "--port", str(port), "--env", str(self._empty_env(tmp_path))],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    @staticmethod
    def _empty_env(tmp_path: Path) -> Path:
        path = tmp_path / "empty.env"
        path.write_text("")
        return path

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def lines(self) -> list[tuple[str, str]]:
        """(process name, text) per line of honcho's output, without its time and padding."""
        found = []
        for line in self.output().splitlines():
            match = HONCHO_LINE.match(line)
            found.append((match["name"], match["text"]) if match else ("", line))
        return found

    def running(self) -> bool:
        return self.process.poll() is None

    def report(self, lines: int = 120) -> str:
        """The first traceback (usually the cause) and the tail of honcho's output, for a failure message."""
        text = self.output()
        parts = []
        first = first_traceback(self.lines())
        if first:
            parts.append(f"--- first traceback in honcho's output\n{first}")
        tail = "\n".join(text.splitlines()[-lines:])
        parts.append(f"--- last {lines} lines of honcho's output ({self.log_path})\n{tail[-15000:]}")
        return "\n".join(parts)

    def children(self) -> list[int]:
        """The pids honcho printed ("web.1 started (pid=123)"); each is the leader of its own process group."""
        return [int(pid) for pid in re.findall(r"\S+ started \(pid=(\d+)\)", self.output())]

    def stop(self) -> None:
        if self.running():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # honcho passes it on to each process's group
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=10)
        # honcho starts each process in a session of its own: kill what outlived it, by the ids it printed
        for pid in self.children():
            try:
                if os.getpgid(pid) == pid:
                    os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.log.close()


def first_traceback(lines: list[tuple[str, str]]) -> str:
    """The first Python traceback of any process, with its chained ones and the log line that announced it."""
    for start, (name, text) in enumerate(lines):
        if not text.startswith("Traceback (most recent call last)"):
            continue
        before = [other for other_name, other in lines[max(0, start - 3) : start] if other_name == name]
        block = [f"[{name}]", *before[-1:], text]
        ended = False
        for other_name, other_text in lines[start + 1 : start + 600]:
            if other_name != name:
                continue  # another process's line in between
            chained = other_text.startswith(("Traceback", "During handling", "The above exception"))
            if ended and other_text and not chained:
                break
            block.append(other_text)
            if other_text and not other_text[0].isspace() and not chained:
                ended = True  # an exception line: the end, unless another exception is chained to it
            elif chained:
                ended = False
        return "\n".join(block[:200])
    return ""


def describe(response: requests.Response) -> str:
    """Status and what went wrong: Django's debug page names the exception in its title."""
    text = response.text
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    value = re.search(r'<pre class="exception_value">(.*?)</pre>', text, re.S)
    errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*(?:<strong>)?(.*?)<', text, re.S)
    summary = " | ".join(" ".join(html.unescape(part.group(1)).split()) for part in (title, value) if part)
    if errors:
        summary += " | form errors: " + "; ".join(html.unescape(error.strip()) for error in errors)
    if not summary:
        summary = text[:1500]
    return f"{response.request.method} {response.url} → {response.status_code}: {summary}"


def wait_until(check, what: str, honcho: Honcho, seconds: float = WAIT_SECONDS):
    """Poll `check` until it returns something truthy; fail naming `what` after `seconds` or when honcho stops."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not honcho.running():
            raise AssertionError(f"honcho stopped (rc={honcho.process.returncode}) while waiting for {what}")
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"gave up after {seconds} s waiting for {what}")


def web_answers(base: str) -> bool:
    try:
        requests.get(f"{base}/accounts/login/", timeout=5)
    except requests.RequestException:
        return False
    return True


def next_week_office_hours() -> tuple[datetime, datetime]:
    """Two working days of next week (no weekend, no Belgian public holiday), one at 10:00, one at 14:00."""
    today = datetime.now(BRUSSELS).date()
    monday = today + timedelta(days=7 - today.weekday())
    public_holidays = holidays.country_holidays("BE", years=[monday.year, monday.year + 1])
    days: list[date] = [
        monday + timedelta(days=n) for n in range(5) if monday + timedelta(days=n) not in public_holidays
    ]
    first, second = (days[1], days[2]) if len(days) >= 3 else (days[0], days[-1])
    return (
        datetime(first.year, first.month, first.day, 10, 0, tzinfo=BRUSSELS),
        datetime(second.year, second.month, second.day, 14, 0, tzinfo=BRUSSELS),
    )


def csrf_token_of(page: requests.Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no csrfmiddlewaretoken in the form: {describe(page)}"
    return match.group(1)


def book_through_api(base: str, starts_at: datetime) -> tuple[str, int]:
    """Token login, then POST a phone booking; returns (token, booking id)."""
    response = requests.post(
        f"{base}/api/v1/token/", json={"username": "demo-requester", "password": PASSWORD}, timeout=HTTP_TIMEOUT
    )
    assert response.status_code == 200, f"token login failed: {describe(response)}"
    token = response.json()["token"]
    response = requests.post(
        f"{base}/api/v1/bookings/",
        json={
            "kind": "interpreting",
            "mode": "phone",
            "language": "ara",
            "starts_at": starts_at.isoformat(),
            "duration_minutes": 60,
            "sector": "welzijn",
            "connection_details": "+32 11 23 45 67",
            "notes": "Gesprek over de huurwaarborg.",
        },
        headers={"Authorization": f"Token {token}"},
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 201, f"booking through the API failed: {describe(response)}"
    return token, response.json()["id"]


def log_in_on_the_web(base: str) -> requests.Session:
    """Django's login form with its real CSRF check: the cookie and the form's token."""
    session = requests.Session()
    login_url = f"{base}/accounts/login/"
    page = session.get(login_url, timeout=HTTP_TIMEOUT)
    assert page.status_code == 200, f"login page: {describe(page)}"
    assert session.cookies.get("csrftoken"), "the login page set no csrftoken cookie"
    response = session.post(
        login_url,
        data={"username": "demo-requester", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token_of(page)},
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 302, f"web login did not redirect: {describe(response)}"
    assert session.cookies.get("sessionid"), "the web login set no session cookie"
    return session


def book_through_the_web(session: requests.Session, base: str, starts_at: datetime) -> int:
    """The requester's interpreter form (portal/forms.py InterpretingForm) for a phone booking."""
    form_url = f"{base}/bookings/new/interpreter/"
    page = session.get(form_url, allow_redirects=False, timeout=HTTP_TIMEOUT)
    assert page.status_code == 200, f"booking form: {describe(page)}"
    response = session.post(
        form_url,
        data={
            "csrfmiddlewaretoken": csrf_token_of(page),
            "mode": "phone",
            "language": "ara",
            "date": starts_at.strftime("%Y-%m-%d"),
            "start_time": starts_at.strftime("%H:%M"),
            "duration_minutes": "60",
            "sector": "gezondheid",
            "connection_details": "+32 11 98 76 54",
            "address": "",
            "postcode": "",
            "mode_2": "",
            "mode_3": "",
            "gender_preference": "",
            "min_level": "",
            "recurrence": "",
            "notes": "Consultatie op de spoeddienst.",
        },
        headers={"Referer": form_url},
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 302, f"booking through the web form failed: {describe(response)}"
    location = response.headers.get("Location", "")
    match = re.search(r"/bookings/(\d+)/$", location)
    assert match, f"the web form redirected to {location!r}, not to the new booking"
    return int(match.group(1))


def booking_read(base: str, token: str, pk: int) -> dict:
    response = requests.get(
        f"{base}/api/v1/bookings/{pk}/", headers={"Authorization": f"Token {token}"}, timeout=HTTP_TIMEOUT
    )
    assert response.status_code == 200, f"reading booking {pk} through the API failed: {describe(response)}"
    return response.json()


def offer_mail_shown(honcho: Honcho, reference: str) -> bool:
    """The offer mail's subject, printed by the worker's console email backend."""
    subjects = [subject.format(ref=reference) for subject in OFFER_SUBJECTS]
    return any(
        name.startswith("worker") and any(subject in text for subject in subjects) for name, text in honcho.lines()
    )


def offered_and_mailed(base: str, token: str, sources: dict[int, str], honcho: Honcho) -> tuple[str, dict]:
    """Wait until every booking is offered and its offer mail is in the worker's output.

    Returns what is missing ("" when nothing) and the bookings as the API read them last."""
    deadline = time.monotonic() + OFFERED_WITHIN_SECONDS
    while True:
        if not honcho.running():
            return f"honcho stopped (rc={honcho.process.returncode}) while the bookings were being matched", {}
        bookings = {pk: booking_read(base, token, pk) for pk in sources}
        offered = {pk for pk, booking in bookings.items() if booking["status"] == "offered"}
        mailed = {pk for pk, booking in bookings.items() if offer_mail_shown(honcho, booking["reference"])}
        if offered == mailed == set(sources):
            return "", bookings
        if time.monotonic() > deadline:
            return f"within {OFFERED_WITHIN_SECONDS} s of booking: " + "; ".join(
                f"booking {pk} ({sources[pk]}, {booking['reference']}) is {booking['status']!r}"
                f" (expected 'offered'), offer mail {'shown' if pk in mailed else 'not in the worker output'}"
                for pk, booking in bookings.items()
            ), bookings
        time.sleep(1)


def dashboard_problem(session: requests.Session, base: str, references: list[str]) -> str:
    """The requester's dashboard itself (no redirect to the login page), listing the new bookings; or ""."""
    try:
        dashboard = session.get(f"{base}/", allow_redirects=False, timeout=HTTP_TIMEOUT)
    except requests.RequestException as error:
        return f"the requester's dashboard did not answer: {error}"
    if dashboard.status_code != 200:
        return f"the requester's dashboard: {describe(dashboard)}"
    if 'name="password"' in dashboard.text:
        return "the dashboard answered with the login form"
    missing = [reference for reference in references if reference not in dashboard.text]
    if missing:
        return f"the dashboard does not list the upcoming bookings {', '.join(missing)}"
    return ""


@pytest.fixture
def honcho(tmp_path):
    env = embedded_env(tmp_path)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--if-empty")
    processes = Honcho(tmp_path, env, free_port())
    try:
        yield processes
    finally:
        processes.stop()


def test_make_run_on_the_embedded_default_books_offers_mails_and_shows_the_dashboard(honcho):
    base = f"http://127.0.0.1:{honcho.port}"
    failure = ""
    try:
        wait_until(lambda: web_answers(base), f"the web server at {base}", honcho)
        wait_until(
            lambda: any(name.startswith("worker") and " ready." in text for name, text in honcho.lines()),
            "the Celery worker to be ready",
            honcho,
        )
        api_start, web_start = next_week_office_hours()

        token, api_pk = book_through_api(base, api_start)
        session = log_in_on_the_web(base)
        web_pk = book_through_the_web(session, base, web_start)

        # both checked, so that one failure does not hide the other
        not_offered, bookings = offered_and_mailed(base, token, {api_pk: "API", web_pk: "web form"}, honcho)
        references = [booking["reference"] for booking in bookings.values()]
        failure = "\n".join(
            problem for problem in (not_offered, dashboard_problem(session, base, references)) if problem
        )
    except (AssertionError, requests.RequestException) as error:
        failure = f"{type(error).__name__}: {error}"
    if failure:
        pytest.fail(f"{failure}\n{honcho.report()}", pytrace=False)
