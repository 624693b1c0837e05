"""Real HTTP requests against the portal while a fault happens, and what they saw.

A few clients run side by side, each in its own thread: they log in on the web and for an API token, open
pages, list and create bookings through `POST /api/v1/bookings/` with an Idempotency-Key. A booking whose
request got no 201 (a 503 while the database restarts, a timeout) is asked again later with the same key, as a
well-behaved API client does; the figures count how many were never made.
"""

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from django.utils import timezone

from tests.faults.stack import PASSWORD
from tests.servers import web_login

TIMEOUT = 15  # seconds: longer than any honest answer; a request that takes longer counts as hung
REQUESTER = "fault-requester"


@dataclass
class Figures:
    phase: str = "before"  # before, during, after: set by the test as the fault comes and goes
    answered: Counter = field(default_factory=Counter)  # status code → count
    by_phase: Counter = field(default_factory=Counter)  # (phase, status code) → count
    # GET /health/ is not a request that can fail: its 503 while the database is down is the truth it must tell
    health: Counter = field(default_factory=Counter)  # (phase, status code) → count
    hung: int = 0
    refused: int = 0  # no answer at all (connection refused or reset)
    booking_seconds: list = field(default_factory=list)  # (phase, seconds) of each 201
    made: dict = field(default_factory=dict)  # Idempotency-Key → booking id
    wanted: dict = field(default_factory=dict)  # Idempotency-Key → (client number, request body)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.answered.values()) + sum(self.health.values()) + self.hung + self.refused

    def seen(self, status: int, phase: str | None = None) -> int:
        return sum(n for (when, code), n in self.by_phase.items() if code == status and phase in (None, when))

    def seconds(self, phase: str) -> list[float]:
        return sorted(seconds for when, seconds in self.booking_seconds if when == phase)

    @property
    def server_errors(self) -> int:
        return sum(n for code, n in self.answered.items() if code >= 500)


class Client:
    """One user of the portal: a web session and an API token, renewed whenever they are lost."""

    def __init__(self, base: str, figures: Figures, number: int):
        self.base, self.figures, self.number = base, figures, number
        self.web = None
        self.token = None
        self.serial = 0

    def _record(self, call, health: bool = False):
        try:
            answer = call()
        except requests.Timeout:
            with self.figures.lock:
                self.figures.hung += 1
            return None
        except requests.ConnectionError:
            with self.figures.lock:
                self.figures.refused += 1
            return None
        with self.figures.lock:
            if health:
                self.figures.health[self.figures.phase, answer.status_code] += 1
            else:
                self.figures.answered[answer.status_code] += 1
                self.figures.by_phase[self.figures.phase, answer.status_code] += 1
        return answer

    def log_in(self) -> None:
        try:
            self.web = web_login(self.base, REQUESTER, PASSWORD, timeout=TIMEOUT)
            with self.figures.lock:
                self.figures.answered[302] += 1
        except (AssertionError, AttributeError, requests.RequestException):
            self.web = None  # counted below through the pages it cannot open; tried again next round
        answer = self._record(
            lambda: requests.post(
                f"{self.base}/api/v1/token/", json={"username": REQUESTER, "password": PASSWORD}, timeout=TIMEOUT
            )
        )
        self.token = answer.json()["token"] if answer is not None and answer.status_code == 200 else None

    def want_booking(self) -> None:
        self.serial += 1
        starts = timezone.now() + timedelta(days=3, hours=self.number * 100 + self.serial)
        body = {
            "mode": "phone",
            "language": "ara",
            "starts_at": starts.replace(minute=0, second=0, microsecond=0).isoformat(),
            "duration_minutes": 60,
        }
        with self.figures.lock:
            self.figures.wanted[str(uuid.uuid4())] = (self.number, body)

    def book_what_is_wanted(self) -> None:
        with self.figures.lock:
            wanted, made = self.figures.wanted.items(), self.figures.made
            mine = [(key, body) for key, (number, body) in wanted if number == self.number and key not in made]
        for key, body in mine:
            headers = {"Authorization": f"Token {self.token}", "Idempotency-Key": key}
            started = time.monotonic()
            answer = self._record(
                lambda body=body, headers=headers: requests.post(
                    f"{self.base}/api/v1/bookings/", json=body, headers=headers, timeout=TIMEOUT
                )
            )
            if answer is not None and answer.status_code == 201:
                with self.figures.lock:
                    self.figures.made[key] = answer.json()["id"]
                    self.figures.booking_seconds.append((self.figures.phase, time.monotonic() - started))

    def round(self) -> None:
        """Log in when needed, open the pages, list bookings, ask for one more booking (and any still owed)."""
        if self.web is None or self.token is None:
            self.log_in()
        if self.web is not None:
            for page in ("/", "/bookings/"):
                answer = self._record(lambda page=page: self.web.get(f"{self.base}{page}", timeout=TIMEOUT))
                if answer is not None and answer.status_code == 302:
                    self.web = None  # signed out (a lost session): log in again next round
        self._record(lambda: requests.get(f"{self.base}/health/", timeout=TIMEOUT), health=True)
        if self.token is not None:
            api = {"Authorization": f"Token {self.token}"}
            answer = self._record(lambda: requests.get(f"{self.base}/api/v1/bookings/", headers=api, timeout=TIMEOUT))
            if answer is not None and answer.status_code == 401:
                self.token = None
            self.want_booking()
            self.book_what_is_wanted()


class Load:
    """`clients` users doing rounds until stopped: `with Load(base) as load: ...; load.figures`."""

    def __init__(self, base: str, clients: int = 3):
        self.figures = Figures()
        self.sent_before: set[str] = set()  # the keys of the messages sent before this load began
        self.clients = [Client(base, self.figures, number) for number in range(clients)]
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(client,), daemon=True) for client in self.clients]

    def _run(self, client: Client) -> None:
        while not self.stopping.is_set():
            client.round()
            time.sleep(0.1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT * 4)
        assert not any(thread.is_alive() for thread in self.threads), "a client hung"

    def settle(self, seconds: float = 60) -> None:
        """After the fault: ask again for every booking still owed until each has its 201."""
        deadline = time.monotonic() + seconds
        while self.figures.wanted.keys() - self.figures.made.keys() and time.monotonic() < deadline:
            for client in self.clients:
                if client.token is None:
                    client.log_in()
                client.book_what_is_wanted()
            time.sleep(0.5)
