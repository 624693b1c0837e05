"""A burst of bookings submitted through the API (gunicorn) and matched by two real Celery workers on Redis.

Figures: bookings matched per second (from the first submission to the last first offer: it can be no higher
than the rate at which the API takes the requests, given beside it), the latency from submission
(Booking.created_at) to the booking's first offer (Offer.created_at), and the peak RSS of a Celery worker after
the burst. Then the workers alone: the same 1,000 bookings set back to waiting, their 1,000 match tasks
published at once, matched per second from the first publication to the last first offer. The database's own
limit beside both: the matching SQL for 200 bookings of the burst run back to back in one process, as bookings
per second.
"""

import json
import random
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db.models import Max, Min
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench import processes
from bench.measure import Result, Timing, verdict
from bookings.models import Booking, Message, Offer, Status
from matching.tasks import match_booking
from organisations.models import Membership

MARK = "bench-burst"
LANGUAGES = ["ara", "prs", "tur", "rus", "ukr", "fra", "eng", "pus", "tir", "som"]


def _requests(count: int, rng: random.Random) -> list[tuple[str, dict]]:
    """(token, body) per booking: on-site requests a few days to three weeks ahead, from 100 requesters."""
    members = list(
        Membership.objects.filter(user__username__startswith="bench-req-")
        .select_related("user", "organisation__municipality")
        .order_by("?")[:100]
    )
    tokens = {m.user_id: Token.objects.get_or_create(user=m.user)[0].key for m in members}
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=3)
    made = []
    for index in range(count):
        member = members[index % len(members)]
        starts_at = start + timedelta(days=rng.randint(0, 18), hours=rng.randint(0, 7), minutes=rng.choice([0, 30]))
        body = {
            "kind": "interpreting",
            "mode": "on_site",
            "language": LANGUAGES[index % len(LANGUAGES)],
            "starts_at": starts_at.isoformat(),
            "duration_minutes": 60,
            "postcode": member.organisation.municipality.postcode,
            "address": "Benchstraat 1",
            "sector": "welzijn",
            "notes": MARK,
        }
        made.append((tokens[member.user_id], body))
    return made


def _post(base: str, token: str, body: dict) -> int:
    request = urllib.request.Request(
        base + "/api/v1/bookings/",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_for_offers(count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = Booking.objects.filter(notes=MARK, status="submitted", offers__isnull=True).count()
        if Booking.objects.filter(notes=MARK).count() >= count and waiting == 0:
            return
        time.sleep(0.5)


def _task_times() -> dict[str, Timing]:
    """Each task's run times in the workers, from their logs ("Task name[id] succeeded in 0.12s")."""
    found: dict[str, list[float]] = {}
    for log in processes.LOGS.glob("celery*.log"):
        for match in re.finditer(r"Task ([\w.]+)\[[^\]]+\] succeeded in ([\d.]+)s", log.read_text(errors="replace")):
            found.setdefault(match[1], []).append(float(match[2]))
    return {name: Timing(samples) for name, samples in found.items()}


def _drain(count: int) -> tuple[float, int]:
    """The burst's bookings back to waiting (no offers, their offer mails gone), their match tasks published at
    once: (bookings matched per second by the workers alone, how many were offered)."""
    Offer.objects.filter(booking__notes=MARK).delete()
    Message.objects.filter(booking__notes=MARK, kind="offer_made").delete()
    Booking.objects.filter(notes=MARK).update(status=Status.SUBMITTED)
    ids = list(Booking.objects.filter(notes=MARK).values_list("pk", flat=True))
    started = timezone.now()
    for pk in ids:
        match_booking.delay(pk)
    _wait_for_offers(count, timeout=300)
    last = Offer.objects.filter(booking__notes=MARK).aggregate(last=Max("created_at"))["last"]
    offered = Booking.objects.filter(notes=MARK, offers__isnull=False).distinct().count()
    seconds = (last - started).total_seconds() if last else 0.0
    return (offered / seconds if seconds else 0.0), offered


def _cleanup() -> None:
    Booking.objects.filter(notes=MARK).delete()


def run(scale: str, *, count: int = 1000) -> list[Result]:
    from bench.scenario_matching import _sql

    _cleanup()
    processes.redis_flush()
    bodies = _requests(count, random.Random(11))
    with processes.gunicorn(workers=3) as (base, _master), processes.celery_workers(2) as workers:
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda tb: _post(base, *tb), bodies))
        submitted_in = time.monotonic() - started
        _wait_for_offers(count, timeout=300)
        tasks = _task_times()
        live = list(
            Booking.objects.filter(notes=MARK)
            .annotate(first_offer=Min("offers__created_at"))
            .values_list("created_at", "first_offer", "status")
        )
        drained, drain_offered = _drain(count)
        celery_mb = max(processes.peak_rss_mb(w.pid) for w in workers)
    rejected = sum(code != 201 for code in codes)
    rows = live
    offered = [(c, f) for c, f, _s in rows if f is not None]
    unfilled = sum(s == "unfilled" for _c, _f, s in rows)
    latency = Timing([(f - c).total_seconds() for c, f in offered] or [0.0])
    span = (max(f for _c, f in offered) - min(row[0] for row in rows)).total_seconds() if offered else 0.0
    per_second = len(offered) / span if span else 0.0
    # the database's own limit: the same bookings' matching SQL back to back, one connection
    sample = list(Booking.objects.filter(notes=MARK).select_related("municipality")[:200])
    now = timezone.now()
    Offer.objects.filter(booking__notes=MARK).delete()
    t0 = time.perf_counter()
    for booking in sample:
        _sql(booking, now)
    sql_per_second = len(sample) / (time.perf_counter() - t0) if sample else 0.0
    _cleanup()
    processes.redis_flush()
    note = f"{len(offered)} of {count} offered, {unfilled} unfilled, {rejected} rejected"
    note += f"; the API took them in {submitted_in:.0f} s, {count / submitted_in:.0f} requests a second"
    return [
        Result(
            scale,
            "burst through API + 2 Celery workers",
            f"bookings matched per second ({note})",
            f"{per_second:.0f}",
            f"{sql_per_second:.0f}",
            f"{sql_per_second / per_second:.1f}× slower" if per_second else "—",
            "≥ 100 /s",
            "meets" if per_second >= 100 else "misses",
        ),
        Result(
            scale,
            "burst: the 2 workers alone",
            f"bookings matched per second (the same {count:,} set back to waiting, their match tasks published at once;"
            f" {drain_offered} offered)",
            f"{drained:.0f}",
            f"{sql_per_second:.0f}",
            f"{sql_per_second / drained:.1f}× slower" if drained else "—",
            "≥ 100 /s",
            "meets" if drained >= 100 else "misses",
        ),
        Result(scale, "burst", "submit-to-first-offer median ms", f"{latency.median_ms:.0f}", target="—"),
        Result(
            scale,
            "burst",
            "submit-to-first-offer p95 ms",
            f"{latency.p95_ms:.0f}",
            target="≤ 1000 ms",
            verdict=verdict(latency.p95_ms, 1000),
        ),
        *[
            Result(
                scale,
                "burst: worker time per task",
                f"{name} median / p95 ms ({len(timing.samples):,} run)",
                f"{timing.median_ms:.0f} / {timing.p95_ms:.0f}",
                target="—",
            )
            for name, timing in sorted(tasks.items())
        ],
        Result(
            scale,
            "memory",
            "peak RSS of a Celery worker after the burst, MiB",
            f"{celery_mb:.0f}",
            target="≤ 200 MB",
            verdict=verdict(celery_mb, 200),
        ),
    ]
