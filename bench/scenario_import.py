"""`import_assignments` on a history file, beside PostgreSQL's COPY of the same bookings.

A CSV of a fifth of the scale's bookings (48,852 rows at 10×: every kind, mode and status, 2,000 organisations of
which half are new) is imported into the loaded database the way the command does it: every line checked, then
everything inserted in one transaction. The baseline writes the same bookings and history rows with COPY (no
checks, no model instances). Both run inside a transaction that is rolled back, so the data set stays as loaded.
"""

import csv
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import connection, transaction

from bench.measure import Result, ratio
from bookings.bulk import insert_rows
from bookings.models import Booking, StatusChange
from reporting.assignment_import import COLUMNS, import_assignments

TARGET = 5000  # rows a second
STATUSES = ["completed"] * 17 + ["cancelled", "unfilled", "confirmed"]


def _history_file(path: Path, rows: int, rng: random.Random) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT o.name, m.postcode FROM organisations_organisation o "
            "JOIN organisations_municipality m ON m.id = o.municipality_id ORDER BY o.id LIMIT 1000"
        )
        known = cursor.fetchall()
        cursor.execute("SELECT code FROM languages_language ORDER BY code")
        languages = [code for (code,) in cursor.fetchall()][:80]
    organisations = known + [(f"Historische vzw {n}", postcode) for n, (_name, postcode) in enumerate(known)]
    start = datetime(2017, 1, 2, 8, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            name, postcode = rng.choice(organisations)
            translation = rng.random() < 0.1
            writer.writerow(
                [
                    f"HIST-{n:07d}",
                    name,
                    postcode,
                    "translation" if translation else "interpreting",
                    "" if translation else rng.choice(["on_site", "on_site", "phone", "video"]),
                    rng.choice(languages),
                    (start + timedelta(minutes=17 * n)).isoformat(),
                    "" if translation else rng.choice([30, 60, 90]),
                    rng.choice(STATUSES),
                ]
            )


def _copy_same_bookings(path: Path) -> float:
    """The database's best: the bookings and their history rows of the file, written with COPY."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM organisations_organisation ORDER BY id LIMIT 1")
        organisation = cursor.fetchone()[0]
        cursor.execute("SELECT max(id) FROM bookings_booking")
        first_id = (cursor.fetchone()[0] or 0) + 1
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        for n, raw in enumerate(csv.DictReader(handle)):
            starts_at = datetime.fromisoformat(raw["starts_at"])
            interpreting = raw["kind"] == "interpreting"
            duration = int(raw["duration_minutes"]) if interpreting else None
            rows.append(
                {
                    "id": first_id + n,
                    "reference": raw["reference"],
                    "kind": raw["kind"],
                    "status": raw["status"],
                    "organisation_id": organisation,
                    "mode": raw["mode"],
                    "language_id": raw["language"],
                    "target_language_id": None if interpreting else "nld",
                    "starts_at": starts_at,
                    "duration_minutes": duration,
                    "ends_at": starts_at + timedelta(minutes=duration) if interpreting else None,
                    "postcode": raw["postcode"] if interpreting else "",
                    "created_at": starts_at,
                    "imported": True,
                }
            )
    started = time.perf_counter()
    insert_rows(Booking, rows, with_primary_key=True)
    insert_rows(
        StatusChange,
        [
            {
                "booking_id": row["id"],
                "from_status": "",
                "to_status": row["status"],
                "at": row["created_at"],
                "note": "geïmporteerd",
            }
            for row in rows
        ],
    )
    return time.perf_counter() - started


def run(scale: str) -> list[Result]:
    rows = {"1x": 4_885, "10x": 48_852}[scale]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.csv"
        _history_file(path, rows, random.Random(17))
        _history_file(Path(folder) / "warmup.csv", 2_000, random.Random(3))
        with transaction.atomic():  # untimed: the indexes and the catalogue read once, as a running system has them
            import_assignments(lambda: (Path(folder) / "warmup.csv").open(newline="", encoding="utf-8"))
            transaction.set_rollback(True)
        with transaction.atomic():
            started = time.perf_counter()
            result = import_assignments(lambda: path.open(newline="", encoding="utf-8"))
            ours = time.perf_counter() - started
            assert not result.errors and result.created == rows, (result.errors[:3], result.created)
            transaction.set_rollback(True)
        with transaction.atomic():
            best = _copy_same_bookings(path)
            transaction.set_rollback(True)
    rate, best_rate = rows / ours, rows / best
    return [
        Result(
            scale,
            "importing history (import_assignments)",
            f"rows per second ({rows:,} rows checked, then inserted in one transaction with their history; "
            f"{result.organisations_created:,} new organisations)",
            f"{rate:,.0f}",
            f"{best_rate:,.0f}",
            ratio(best_rate, rate) + " slower",
            f"≥ {TARGET:,} /s",
            "meets" if rate >= TARGET else "misses",
        )
    ]
