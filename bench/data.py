"""Builds the benchmark data set with bulk inserts: organisations, interpreters, a year of bookings.

1×: 24,426 bookings in a year, 800 interpreters, 2,000 organisations (the 2017 scale).
10×: 244,260 bookings, 5,000 interpreters, 20,000 organisations.
Every assigned job gets its own day per interpreter, so PostgreSQL's no-overlap constraint holds.
"""

import gc
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from bookings.bulk import insert_rows
from bookings.models import Booking, Kind, Status
from interpreters.models import Gender, Interpreter, LanguageSkill, Level, Mode, Sector
from languages.models import Language
from organisations.models import Membership, Municipality, Organisation, OrganisationKind

BATCH = 5000


@dataclass(frozen=True)
class Scale:
    name: str
    bookings: int
    interpreters: int
    organisations: int


SCALES = {
    "1x": Scale("1x", 24_426, 800, 2_000),
    "10x": Scale("10x", 244_260, 5_000, 20_000),
}


def _truncate() -> None:
    tables = [
        "bookings_statuschange",
        "bookings_offer",
        "bookings_message",
        "bookings_timesheet",
        "bookings_feedback",
        "bookings_document",
        "bookings_booking",
        "bookings_bookingseries",
        "interpreters_languageskill",
        "interpreters_weeklyavailability",
        "interpreters_absence",
        "interpreters_interpreter",
        "organisations_membership",
        "organisations_organisation",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        existing = {row[0] for row in cursor.fetchall()}
        extra = [t for t in existing if t.startswith(("billing_", "api_", "reporting_servicefigure"))]
        cursor.execute(f"TRUNCATE {', '.join(extra + [t for t in tables if t in existing])} CASCADE")
        bench_users = "SELECT id FROM auth_user WHERE username LIKE 'bench-%%'"
        for table in ("authtoken_token", "accounts_profile"):  # rows of the burst's and load's users
            if table in existing:
                cursor.execute(f"DELETE FROM {table} WHERE user_id IN ({bench_users})")
        cursor.execute("DELETE FROM auth_user WHERE username LIKE 'bench-%%'")


def load(scale: Scale, *, year: int = 2026, seed: int = 10) -> dict:
    """Replace the benchmark data with a fresh set of the given scale; returns counts and seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    User = get_user_model()
    municipalities = list(Municipality.objects.values_list("id", flat=True))
    places = dict(Municipality.objects.values_list("id", "postcode"))
    languages = list(Language.objects.filter(is_common=True).exclude(code="nld").values_list("code", flat=True))
    with transaction.atomic():
        _truncate()
        users = User.objects.bulk_create(
            [
                User(username=f"bench-req-{i}", password="!", email=f"req{i}@bench.invalid")
                for i in range(scale.organisations)
            ]
            + [
                User(username=f"bench-int-{i}", password="!", email=f"int{i}@bench.invalid")
                for i in range(scale.interpreters)
            ],
            batch_size=BATCH,
        )
        requesters, interpreter_users = users[: scale.organisations], users[scale.organisations :]
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench organisatie {i}",
                    kind=rng.choice(OrganisationKind.values),
                    municipality_id=rng.choice(municipalities),
                )
                for i in range(scale.organisations)
            ],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o) for u, o in zip(requesters, organisations, strict=True)],
            batch_size=BATCH,
        )
        interpreters = Interpreter.objects.bulk_create(
            [
                Interpreter(
                    user=u,
                    municipality_id=rng.choice(municipalities),
                    max_travel_km=rng.choice([30, 50, 80]),
                    gender=rng.choice([Gender.FEMALE, Gender.MALE]),
                    offers_on_site=rng.random() < 0.8,
                )
                for u in interpreter_users
            ],
            batch_size=BATCH,
        )
        skills = []
        for interpreter in interpreters:
            for code in rng.sample(languages, rng.randint(1, 3)):
                skills.append(
                    LanguageSkill(
                        interpreter=interpreter,
                        language_id=code,
                        level=rng.choice(Level.values),
                        for_interpreting=True,
                        for_translation=rng.random() < 0.2,
                    )
                )
        LanguageSkill.objects.bulk_create(skills, batch_size=BATCH)
        _bookings(scale, year, rng, organisations, interpreters, places, languages)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a load: statistics and the visibility map
    return {"scale": scale.name, "bookings": scale.bookings, "seconds": time.perf_counter() - started}


def settle() -> None:
    """After a load, before measuring: PostgreSQL writes the load's dirty pages now (CHECKPOINT) rather than in
    the middle of a measurement, and Python frees the load's objects."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:  # needs a superuser or pg_checkpoint: measure without it
        print(f"no CHECKPOINT after the load: {str(error).strip()}", flush=True)
    gc.collect()


def _bookings(scale, year, rng, organisations, interpreters, places, languages) -> None:
    year_start = datetime(year, 1, 1, 7, tzinfo=UTC)
    modes = [Mode.ON_SITE] * 6 + [Mode.PHONE] * 3 + [Mode.VIDEO]
    rows = []
    for j in range(scale.bookings):
        interpreter = interpreters[j % len(interpreters)]
        k = j // len(interpreters)  # the interpreter's k-th job of the year: one day each
        day = (k * 7 + interpreter.pk % 7) % 364
        starts_at = year_start + timedelta(days=day, hours=rng.randint(0, 9), minutes=rng.choice([0, 15, 30, 45]))
        duration = rng.choice([30, 45, 60, 60, 90, 120])
        # one big requester (a city's welfare centre) has 2% of all bookings, the rest spread evenly
        organisation = organisations[0] if rng.random() < 0.02 else organisations[rng.randrange(len(organisations))]
        mode = rng.choice(modes)
        roll = rng.random()
        status = Status.COMPLETED if roll < 0.85 else Status.CANCELLED if roll < 0.93 else Status.CONFIRMED
        rows.append(
            {
                "reference": f"B{scale.name}-{j:07d}",
                "kind": Kind.INTERPRETING,
                "status": status,
                "organisation_id": organisation.pk,
                "mode": mode,
                "language_id": rng.choice(languages),
                "starts_at": starts_at,
                "duration_minutes": duration,
                "ends_at": starts_at + timedelta(minutes=duration),
                "postcode": places[organisation.municipality_id],
                "municipality_id": organisation.municipality_id,
                "address": "Benchstraat 1",
                "sector": rng.choice(Sector.values),
                "interpreter_id": None if status == Status.CANCELLED else interpreter.pk,
                "late_cancellation": status == Status.CANCELLED and rng.random() < 0.3,
                "created_at": starts_at - timedelta(days=rng.randint(1, 30)),
            }
        )
    insert_rows(Booking, rows)
