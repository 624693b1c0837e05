"""The portal under faults, from outside: gunicorn, two Celery workers and beat as separate processes on a private
PostgreSQL cluster and redis-server, mailing through an SMTP server in this process (tests/faults/stack.py).

For each fault, clients log in (web and API token), open pages and create bookings through the API before,
during and after it (tests/faults/load.py), then the test waits for the portal to catch up and counts: requests
answered, 5xx seen, bookings made and lost, bookings matched, mails sent and sent twice. The figures are printed
and written to var/fault-figures.txt.

While PostgreSQL restarts, a request cut by it runs again until the database is back (config/database_retry.py):
no 5xx and no hang; only GET /health/ says 503 "down", as the interface promises, and the load does not count it.
A request that committed before its cut would answer 503 and be asked again with its Idempotency-Key.
"""

import re
import statistics
import time
from collections import Counter

import pytest
import requests

from tests.faults.load import TIMEOUT, Load
from tests.faults.stack import METRICS_TOKEN, PASSWORD, SWEEP_SECONDS
from tests.servers import web_login
from tests.workers import ROOT, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
FIGURES = ROOT / "var" / "fault-figures.txt"
CATCH_UP_SECONDS = 120


def catch_up(stack, load: Load) -> dict:
    """Wait until every booking asked for is made and matched and the outbox is empty; count what happened."""
    portal, postgres, _, smtp = stack
    load.settle()
    figures = load.figures
    ids = sorted(set(figures.made.values()))
    in_db = postgres.query("SELECT count(*) FROM bookings_booking WHERE id = ANY(%s)", ids)[0][0]

    def matched() -> int:
        sql = "SELECT count(DISTINCT booking_id) FROM bookings_offer WHERE booking_id = ANY(%s)"
        return postgres.query(sql, ids)[0][0]

    wait_for(lambda: matched() == len(ids), f"all {len(ids)} bookings matched (now {matched()})", CATCH_UP_SECONDS)
    waiting = "SELECT count(*) FROM bookings_message WHERE status IN ('pending', 'sending', 'failed') AND attempts < 6"
    wait_for(lambda: postgres.query(waiting)[0][0] == 0, "an empty outbox", CATCH_UP_SECONDS)
    sent = sent_keys(postgres)
    wait_for(lambda: sent <= set(smtp.keys()), "every sent message at the SMTP server", 10)
    time.sleep(1)  # a duplicate would arrive now
    received = Counter(smtp.keys())
    assert all(n == 1 for n in received.values()), "no message of the whole suite went out twice"
    given_up = postgres.query("SELECT count(*) FROM bookings_message WHERE status = 'failed'")[0][0]
    new = sent - load.sent_before
    return {
        "requests": figures.requests,
        "5xx": figures.server_errors,
        "500": figures.seen(500),
        "503": figures.seen(503),
        "health said down": sum(n for (_, code), n in figures.health.items() if code == 503),
        "hung": figures.hung,
        "refused": figures.refused,
        "bookings made": len(ids),
        "bookings lost": len(figures.wanted) - len(figures.made) + len(ids) - in_db,
        "bookings matched": matched(),
        "messages sent": len(new),
        "duplicate messages": sum(received[key] - 1 for key in new),
        "messages lost": given_up + len(sent - set(received)),
    }


def sent_keys(postgres) -> set[str]:
    return {key for (key,) in postgres.query("SELECT key FROM bookings_message WHERE status = 'sent'")}


def report(name: str, outcome: dict, **extra) -> None:
    line = f"{name}: " + ", ".join(f"{key} {value}" for key, value in {**outcome, **extra}.items())
    print(line)
    FIGURES.parent.mkdir(exist_ok=True)
    with FIGURES.open("a") as figures:
        figures.write(f"{time.strftime('%Y-%m-%d %H:%M')} {line}\n")


def assert_whole(outcome: dict) -> None:
    assert outcome["bookings lost"] == 0
    assert outcome["bookings matched"] == outcome["bookings made"] > 0
    assert outcome["duplicate messages"] == 0
    assert outcome["messages lost"] == 0
    assert outcome["hung"] == 0 and outcome["refused"] == 0


def drive(stack, fault, recover, *, during: float, before: float = 3, after: float = 4) -> Load:
    sent_before = sent_keys(stack[1])
    with Load(stack[0].base) as load:
        load.sent_before = sent_before
        time.sleep(before)
        load.figures.phase = "during"
        fault()
        time.sleep(during)
        recover()
        load.figures.phase = "after"
        time.sleep(after)
    return load


def test_redis_killed_and_restarted(stack):
    portal, _, broker, _ = stack

    def kill():
        broker.kill()
        health = requests.get(f"{portal.base}/health/", timeout=TIMEOUT).json()
        assert health["status"] == "degraded" and health["checks"]["broker"] == "down"

    load = drive(stack, kill, broker.start, during=8)
    outcome = catch_up(stack, load)
    seconds = load.figures.seconds("during")
    report(
        "Redis down",
        outcome,
        **{"booking s (during, median/max)": f"{statistics.median(seconds):.2f}/{max(seconds):.2f}"},
    )
    assert outcome["5xx"] == 0
    assert len(seconds) >= 3, "bookings were made while Redis was down"
    assert max(seconds) < TIMEOUT
    assert_whole(outcome)


def test_postgres_restarted_under_load(stack):
    _, postgres, _, _ = stack
    took = []
    load = drive(stack, lambda: took.append(postgres.restart()), lambda: None, during=3)
    outcome = catch_up(stack, load)
    figures = load.figures
    report("PostgreSQL restarted", outcome, **{"restart s": f"{took[0]:.1f}"})
    assert outcome["5xx"] == 0, figures.by_phase
    assert all(code < 500 for (phase, code) in figures.by_phase if phase == "after"), figures.by_phase
    assert_whole(outcome)


def test_smtp_down_then_back(stack):
    portal, postgres, _, smtp = stack
    seen_by_staff = {}

    def staff_looks():
        staff = web_login(portal.base, "fault-staff", PASSWORD)
        wait_for(
            lambda: "Connection refused" in staff.get(f"{portal.base}/messages/waiting/", timeout=TIMEOUT).text,
            "a waiting message with its error on the staff page",
            30,
        )
        page = staff.get(f"{portal.base}/messages/waiting/", timeout=TIMEOUT).text
        seen_by_staff["rows"] = len(re.findall(r"Connection refused|Wacht achter eerdere berichten", page))
        smtp.start()

    load = drive(stack, smtp.stop, staff_looks, during=4)
    outcome = catch_up(stack, load)
    waited = postgres.query(
        "SELECT key FROM bookings_message WHERE status = 'sent' AND waited_for_server ORDER BY created_at, id"
    )
    due = [key for (key,) in waited]
    order = [key for key in smtp.keys() if key in set(due)]
    out_of_order = sum(1 for a, b in zip(order, order[1:], strict=False) if due.index(a) > due.index(b))
    report(
        "SMTP down then back",
        outcome,
        **{"waited": len(waited), "shown to staff": seen_by_staff["rows"], "sent out of due order": out_of_order},
    )
    assert outcome["5xx"] == 0
    assert len(waited) > 0, "messages waited for the SMTP server"
    assert out_of_order == 0 and order == due, "the server received what waited in order of due time"
    assert_whole(outcome)


def test_two_beats_still_one_sweep_and_one_reminder_each(stack):
    portal, postgres, _, smtp = stack
    runs_sql = "SELECT name, runs FROM bookings_periodicrun"
    window = {}

    def second_beat():
        portal.manage("shell", "-c", "from tests.faults.seed import confirmed_job; confirmed_job()")
        window["runs"] = dict(postgres.query(runs_sql))
        window["started"] = time.monotonic()
        portal.start_beat("beat2")

    def stop_second_beat():
        assert {"beat1", "beat2"} <= set(portal.alive()), "both beats ran the whole time"
        window["seconds"] = time.monotonic() - window["started"]
        window["runs_after"] = dict(postgres.query(runs_sql))
        portal.stop_process("beat2")

    load = drive(stack, second_beat, stop_second_beat, during=8 * SWEEP_SECONDS)
    outcome = catch_up(stack, load)
    skipped = sum(portal.log(name).count("ran less than a period ago") for name in ("worker1", "worker2"))
    runs = {name: window["runs_after"][name] - window["runs"].get(name, 0) for name in window["runs_after"]}
    most = window["seconds"] / (SWEEP_SECONDS * 0.8) + 1  # once per period at most (bookings/periodic.py)
    reminders = [key for key in smtp.keys() if key.startswith("reminder")]
    report(
        "Two beats",
        outcome,
        **{
            "seconds": f"{window['seconds']:.0f}",
            "sweeps run": runs["bookings.sweep_offer_rounds"],
            "reminder scans run": runs["bookings.send_reminders"],
            "ticks skipped": skipped,
            "reminders": len(reminders),
        },
    )
    for name in ("bookings.sweep_offer_rounds", "bookings.send_reminders", "bookings.flush_outbox"):
        assert 1 <= runs[name] <= most, (name, runs[name], most)
    assert skipped >= 3, "the second beat's ticks reached the workers and were refused"
    assert len(reminders) == 2 == len(set(reminders)), reminders  # the job's interpreter and requester, once
    assert outcome["5xx"] == 0
    assert_whole(outcome)


def test_metrics_are_protected_and_tell_the_figures(stack):
    portal = stack[0]
    assert requests.get(f"{portal.base}/metrics", timeout=TIMEOUT).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert requests.get(f"{portal.base}/metrics", headers=wrong, timeout=TIMEOUT).status_code == 403
    right = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    text = requests.get(f"{portal.base}/metrics", headers=right, timeout=TIMEOUT).text
    for name in ("tolk_queue_length", "tolk_outbox_backlog", "tolk_offers_open", "tolk_matching_seconds_count"):
        assert re.search(rf"^{name}(\{{[^}}]*\}})? \d", text, re.MULTILINE), name
    assert re.search(r"^tolk_mails_sent [1-9]", text, re.MULTILINE)
    assert 'tolk_up{source="broker"} 1.0' in text and 'tolk_up{source="database"} 1.0' in text
