"""“Nu een tolk” under load: 200 present interpreters, 50 immediate requests in a minute through the API
(gunicorn), waves run by two real Celery workers on Redis (eta tasks), simulated interpreters answering through
the API.

Each interpreter who gets an offer answers with probability ANSWER_RATE, after a random 2–20 s, by
`POST /api/v1/offers/{id}/accept/` (first accept wins; the others get 409); the rest let the wave expire, so
later waves are exercised too. The simulator learns of an offer from the database (as the interpreter's home
page or the offer mail would tell them). Figures: request to first offer (Offer.created_at − Booking.created_at)
and the API's answer time, request to confirmation, and how many were connected.
"""

import json
import random
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench import processes
from bench.measure import Result, Timing, verdict
from bookings.models import Booking, Offer, OfferStatus, Status
from interpreters.models import Interpreter, Presence
from interpreters.presence import presence_set
from organisations.models import Membership

MARK = "bench-immediate"
PRESENT = 200
REQUESTS = 50
SPREAD_SECONDS = 60
ANSWER_RATE = 0.6
ANSWER_SECONDS = (2, 20)
LANGUAGES = ["ara", "tur", "rus", "prs", "ukr"]


def _call(base: str, token: str, path: str, body: dict | None = None) -> tuple[int, dict, float, float]:
    """(status, body, seconds to the answer, wall-clock time the request was sent)."""
    sent, started = time.time(), time.perf_counter()
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body or {}).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}"), time.perf_counter() - started, sent
    except urllib.error.HTTPError as error:
        return error.code, {}, time.perf_counter() - started, sent


def _present_interpreters() -> dict[int, str]:
    """PRESENT interpreters of LANGUAGES who offer video and phone, made present now; id → API token."""
    chosen = list(
        Interpreter.objects.filter(
            is_active=True, offers_video=True, offers_phone=True, skills__language_id__in=LANGUAGES
        )
        .filter(Q(sectors=[]) | Q(sectors__contains=["welzijn"]))
        .distinct()
        .select_related("user")
        .order_by("pk")[:PRESENT]
    )
    until = timezone.now() + timedelta(hours=1)
    for interpreter in chosen:
        interpreter.weekly_hours.all().delete()  # present now means available now, whatever the usual hours
        interpreter.absences.all().delete()
        presence_set(interpreter=interpreter, available=True, until=until)
    return {i.pk: Token.objects.get_or_create(user=i.user)[0].key for i in chosen}


def _requesters() -> list[str]:
    members = Membership.objects.filter(user__username__startswith="bench-req-").select_related("user")[:20]
    return [Token.objects.get_or_create(user=m.user)[0].key for m in members]


class Simulator(threading.Thread):
    """Watches for new open offers of the bench's bookings and answers some of them through the API."""

    def __init__(self, base: str, tokens: dict[int, str], rng: random.Random):
        super().__init__(daemon=True)
        self.base, self.tokens, self.rng = base, tokens, rng
        self.seen: set[int] = set()
        self.first_seen: dict[int, float] = {}  # booking id → wall-clock time its first offer was seen
        self.stopped = threading.Event()
        self.codes: list[int] = []
        self.pool = ThreadPoolExecutor(16)

    def run(self) -> None:
        while not self.stopped.is_set():
            fresh = Offer.objects.filter(booking__notes=MARK, status=OfferStatus.OPEN).exclude(pk__in=self.seen)
            for pk, interpreter_id, booking_id in fresh.values_list("pk", "interpreter_id", "booking_id"):
                self.seen.add(pk)
                self.first_seen.setdefault(booking_id, time.time())
                if self.rng.random() < ANSWER_RATE:
                    delay = self.rng.uniform(*ANSWER_SECONDS)
                    threading.Timer(delay, self._accept, (pk, interpreter_id)).start()
            time.sleep(0.05)

    def _accept(self, pk: int, interpreter_id: int) -> None:
        if not self.stopped.is_set():
            self.pool.submit(
                lambda: self.codes.append(
                    _call(self.base, self.tokens[interpreter_id], f"/api/v1/offers/{pk}/accept/")[0]
                )
            )


def _cleanup() -> None:
    Booking.objects.filter(notes=MARK).delete()
    Presence.objects.all().delete()


def _wait_until_decided(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Booking.objects.filter(notes=MARK, status__in=[Status.SUBMITTED, Status.OFFERED]).exists():
            return
        time.sleep(1)


def run(scale: str) -> list[Result]:
    _cleanup()
    processes.redis_flush()
    rng = random.Random(22)
    tokens = _present_interpreters()
    requesters = _requesters()
    answers: list[tuple[int, float]] = []
    with processes.gunicorn(workers=3) as (base, _master), processes.celery_workers(2):
        simulator = Simulator(base, tokens, rng)
        simulator.start()
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            futures = []
            for index in range(REQUESTS):
                time.sleep(max(0.0, started + index * SPREAD_SECONDS / REQUESTS - time.monotonic()))
                body = {
                    "immediate": True,
                    "mode": "video" if index % 2 else "phone",
                    "language": LANGUAGES[index % len(LANGUAGES)],
                    "sector": "welzijn",
                    "notes": MARK,
                }
                futures.append(pool.submit(_call, base, requesters[index % len(requesters)], "/api/v1/bookings/", body))
            answers = [f.result() for f in futures]
        _wait_until_decided(settings.TOLK_IMMEDIATE_GIVE_UP_SECONDS + 30)
        simulator.stopped.set()
    confirmed_at = Min("history__at", filter=Q(history__to_status=Status.CONFIRMED))
    rows = list(
        Booking.objects.filter(notes=MARK)
        .annotate(first_offer=Min("offers__created_at"), confirmed_at=confirmed_at)
        .values_list("created_at", "first_offer", "confirmed_at", "status")
    )
    # sent by the requester → the first offer seen in the database (what an interpreter's page polls)
    sent = {body["id"]: at for code, body, _seconds, at in answers if code == 201}
    offered = Timing([simulator.first_seen[pk] - at for pk, at in sent.items() if pk in simulator.first_seen] or [0.0])
    confirmed = Timing([(x - c).total_seconds() for c, _f, x, s in rows if x is not None] or [0.0])
    api = Timing([seconds for code, _body, seconds, _at in answers if code == 201] or [0.0])
    connected = sum(s == Status.CONFIRMED for *_x, s in rows)
    unfilled = sum(s == Status.UNFILLED for *_x, s in rows)
    rejected = sum(code != 201 for code, *_rest in answers)
    waves = Offer.objects.filter(booking__notes=MARK).values("booking", "round_number").distinct().count()
    late = sum(code == 409 for code in simulator.codes)
    _cleanup()
    processes.redis_flush()
    name = "Nu een tolk: 50 requests in a minute, 200 present"
    note = f"{len(rows)} requests, {rejected} rejected, {waves} waves"
    return [
        Result(
            scale,
            name,
            f"request sent to first offer seen, median ms ({note}; seen by polling the database every 50 ms)",
            f"{offered.median_ms:.0f}",
            target="—",
        ),
        Result(
            scale,
            name,
            "request sent to first offer seen, p95 ms",
            f"{offered.p95_ms:.0f}",
            target="≤ 1000 ms",
            verdict=verdict(offered.p95_ms, 1000),
        ),
        Result(scale, name, "API answer to the request, median / p95 ms", f"{api.median_ms:.0f} / {api.p95_ms:.0f}"),
        Result(
            scale,
            name,
            f"request to confirmation median / p95 s (answers after {ANSWER_SECONDS[0]}–{ANSWER_SECONDS[1]} s, "
            f"{ANSWER_RATE:.0%} of those offered answer)",
            f"{confirmed.median_ms / 1000:.1f} / {confirmed.p95_ms / 1000:.1f}",
        ),
        Result(
            scale,
            name,
            f"connected (unfilled {unfilled}; accepts that came too late: {late} × 409)",
            f"{connected} of {len(rows)}",
        ),
    ]
