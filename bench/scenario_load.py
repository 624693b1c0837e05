"""List pages under concurrent load: wrk (16 connections) against nginx and gunicorn on PostgreSQL.

Pages: the requester's booking list and dashboard (session cookie) and the API booking list (token), for
the organisation with the most bookings. Each page, after a few seconds of warming up every web worker, twice:
16 users who each open the page again the moment it arrives (the most the server can serve: requests per second
and p95 latency), then 16 users who each read a page for about a second before opening the next (p95 latency as
people would see it). Then the peak RSS of a gunicorn web worker after all the load. First, the same load on the
layout alone (the login page of a logged-in user): what any page costs before its own work on this stack. Beside
each page: the page's main query alone (hand-written SQL, one connection, no HTTP), as the database's own floor
for that page. nginx stands in front as in production (README, deployment); without nginx installed, wrk loads
gunicorn itself, and says so.
"""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bench import processes
from bench.measure import Result, timed, verdict
from organisations.models import Membership, Organisation

CONNECTIONS = 16
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 15))
WARM_SECONDS = 3
THINK_MS = 1000  # the second pass: each user's pause before opening the next page (0.5 to 1.5 s)
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
PAGE_SQL = """
SELECT b.id, b.reference, b.status, b.starts_at, b.mode, l.name_nl, i.id, u.first_name, u.last_name
FROM bookings_booking b
JOIN languages_language l ON l.code = b.language_id
LEFT JOIN interpreters_interpreter i ON i.id = b.interpreter_id
LEFT JOIN auth_user u ON u.id = i.user_id
WHERE b.organisation_id = %s ORDER BY b.starts_at DESC, b.id DESC LIMIT 25
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _status(url: str, header: str) -> int:
    """The page's status without following redirects: a 302 to the login page is not a page served."""
    name, value = header.split(": ", 1)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(urllib.request.Request(url, headers={name: value})) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def _wrk(url: str, header: str, *, think_ms: int = 0, seconds: int = SECONDS) -> dict:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), "-H", header, url]
    env = os.environ | {"WRK_THINK_MS": str(think_ms)}
    output = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60, check=True, env=env).stdout
    report = json.loads(output[output.index("{") :])
    report["non_2xx"] = next(
        (int(line.split(":")[1]) for line in output.splitlines() if "Non-2xx" in line), 0
    ) + report.get("errors", 0)
    return report


def _requester() -> tuple[Organisation, object]:
    organisation = (
        Organisation.objects.filter(name__startswith="Bench ").annotate(n=Count("bookings")).order_by("-n").first()
    )
    member = Membership.objects.select_related("user").filter(organisation=organisation).first()
    return organisation, member.user


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _page_sql(organisation_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, [organisation_id])
        cursor.fetchall()


def _latency(scale: str, name: str, figure: str, report: dict, floor_ms: float) -> Result:
    """A page's p95 under a load, beside the page's main query alone."""
    return Result(
        scale,
        name,
        figure,
        f"{report['p95_ms']:.0f}",
        f"{floor_ms:.1f}",
        f"{report['p95_ms'] / floor_ms:.0f}×" if floor_ms else "—",
        "≤ 100 ms",
        verdict(report["p95_ms"], 100) if not report["non_2xx"] else "misses (errors)",
    )


def _page_results(scale: str, name: str, url: str, header: str, floor_ms: float, bookings: int) -> list[Result]:
    _wrk(url, header, seconds=WARM_SECONDS)  # every web worker has served the page (templates, URLs) before
    busy, thinking = _wrk(url, header), _wrk(url, header, think_ms=THINK_MS)
    front = "nginx and gunicorn" if processes.nginx_available() else "gunicorn alone (no nginx installed)"
    note = f"{CONNECTIONS} users without pauses, {SECONDS} s, {front}, {bookings:,} bookings, {busy['non_2xx']} errors"
    return [
        Result(scale, name, f"requests per second ({note})", f"{busy['rps']:.0f}", target="—"),
        _latency(scale, name, "p95 ms under that load (beside: the page's main query alone, p95)", busy, floor_ms),
        _latency(
            scale,
            name,
            f"p95 ms, {CONNECTIONS} users each reading a page for about {THINK_MS / 1000:.0f} s before the next "
            f"({front}, {thinking['rps']:.0f} requests per second, {thinking['non_2xx']} errors)",
            thinking,
            floor_ms,
        ),
    ]


def _layout_floor(scale: str, url: str, cookie: str) -> Result:
    """The same load on the cheapest page a logged-in user can open: the login page renders the layout (menu,
    language form, logout form) and a form of two fields, reading only the session and the user. What any page
    costs before its own work, on this stack and these cores."""
    _wrk(url, cookie, seconds=WARM_SECONDS)
    busy = _wrk(url, cookie)
    return Result(
        scale,
        "floor: the layout alone (the login page, logged in)",
        f"p95 ms, {CONNECTIONS} users without pauses ({busy['rps']:.0f} requests per second, {busy['non_2xx']} errors)",
        f"{busy['p95_ms']:.0f}",
        target="—",
    )


@contextmanager
def _front(upstream: str):
    if processes.nginx_available():
        with processes.nginx(upstream) as base:
            yield base
    else:
        yield upstream


def run(scale: str) -> list[Result]:
    if not wrk_available():
        return [Result(scale, "list pages under load", "wrk is not installed (apt-get install wrk)", "—")]
    organisation, user = _requester()
    cookie = f"Cookie: {settings.SESSION_COOKIE_NAME}={_session_cookie(user)}"
    token = f"Authorization: Token {Token.objects.get_or_create(user=user)[0].key}"
    pages = [
        ("requester's booking list", reverse("requester_booking_list"), cookie),
        ("requester's dashboard", "/", cookie),
        ("API booking list", "/api/v1/bookings/", token),
    ]
    floor = timed(lambda: _page_sql(organisation.pk), repeat=50)
    bookings = organisation.bookings.count()
    results = []
    with processes.gunicorn() as (upstream, master), _front(upstream) as base:
        results.append(_layout_floor(scale, base + reverse("login"), cookie))
        for name, path, header in pages:
            status = _status(base + path, header)
            if status != 200:
                results.append(Result(scale, name, f"answered {status} instead of 200: not measured", "—"))
                continue
            results += _page_results(scale, name, base + path, header, floor.p95_ms, bookings)
        web_mb = max((processes.peak_rss_mb(pid) for pid in processes.children(master.pid)), default=0.0)
    results.append(
        Result(
            scale,
            "memory",
            "peak RSS of a gunicorn web worker after the load, MiB",
            f"{web_mb:.0f}",
            target="≤ 150 MB",
            verdict=verdict(web_mb, 150),
        )
    )
    return results
