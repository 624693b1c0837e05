"""The 2017 part of the demo: the published service figures and a history of 24,426 completed bookings.

The bookings are spread over the demo organisations (so over the six regions), the months, the modes,
the common languages and the sectors, with some cancellations and unfilled requests beside them.
Deterministic (seeded) and idempotent: once the 2017 history is there, a second run adds nothing.
"""

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from bookings.models import Booking, Kind, Status, StatusChange
from interpreters.models import Mode, Sector
from organisations.models import Organisation, OrganisationKind
from reporting.figure_import import import_service_figures

FIGURES_CSV = Path(settings.BASE_DIR) / "reporting" / "data" / "service_figures_2017.csv"
YEAR = 2017
PREFIX = "H2017-"
ASSIGNMENTS = 24426
CANCELLED_FREE = 700
CANCELLED_LATE = 310
UNFILLED = 520
BATCH = 2000

REGION_SHARE = {
    "antwerpen": 25,
    "brussel": 15,
    "limburg": 12,
    "oost-vlaanderen": 19,
    "vlaams-brabant": 12,
    "west-vlaanderen": 17,
}
MONTH_WEIGHT = [9, 9, 10, 9, 9, 8, 6, 5, 9, 10, 9, 7]
LANGUAGE_WEIGHT = {
    "ara": 24,
    "prs": 10,
    "ary": 8,
    "tir": 8,
    "pus": 6,
    "tur": 6,
    "som": 5,
    "rus": 5,
    "pes": 4,
    "kmr": 3,
    "pol": 3,
    "ron": 3,
    "bul": 3,
    "fra": 2,
    "eng": 2,
    "sqi": 2,
    "amh": 2,
    "ckb": 2,
    "ukr": 1,
    "spa": 1,
}
MODE_WEIGHT = {Mode.ON_SITE: 68, Mode.PHONE: 19, Mode.VIDEO: 4, "translation": 9}
SECTORS_BY_KIND = {
    OrganisationKind.HOSPITAL: [Sector.GEZONDHEID] * 9 + [Sector.WELZIJN],
    OrganisationKind.SCHOOL: [Sector.ONDERWIJS] * 9 + [Sector.WELZIJN],
    OrganisationKind.POLICE: [Sector.JUSTITIE_POLITIE],
    OrganisationKind.OCMW: [Sector.WELZIJN] * 6 + [Sector.WERK] * 2 + [Sector.GEZONDHEID, Sector.ANDERE],
    OrganisationKind.CAW: [Sector.WELZIJN] * 7 + [Sector.JUSTITIE_POLITIE, Sector.GEZONDHEID, Sector.ANDERE],
    OrganisationKind.MUNICIPALITY: [Sector.WELZIJN, Sector.WERK, Sector.ONDERWIJS, Sector.ANDERE],
}


def _split(total: int, weights: dict) -> dict:
    """Whole numbers in proportion to `weights` that add up to exactly `total` (largest remainders)."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def _start(rng: random.Random, zone: ZoneInfo) -> datetime:
    month = rng.choices(range(1, 13), weights=MONTH_WEIGHT)[0]
    while True:
        day = date(YEAR, month, rng.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
        if day.weekday() < 5 or rng.random() < 0.05:
            break
    return datetime(YEAR, month, day.day, rng.randint(8, 16), rng.choice([0, 15, 30, 45]), tzinfo=zone)


def _booking(number: int, status: str, organisation: Organisation, rng: random.Random, zone: ZoneInfo) -> Booking:
    mode = rng.choices(list(MODE_WEIGHT), weights=list(MODE_WEIGHT.values()))[0]
    language = rng.choices(list(LANGUAGE_WEIGHT), weights=list(LANGUAGE_WEIGHT.values()))[0]
    starts_at = _start(rng, zone)
    created_at = starts_at - timedelta(hours=rng.choice([4, 20, 48, 72, 120, 168, 240, 336, 504]))
    sector = rng.choice(SECTORS_BY_KIND.get(organisation.kind, [Sector.ANDERE]))
    common = {
        "reference": f"{PREFIX}{number:06d}",
        "status": status,
        "organisation": organisation,
        "language_id": language,
        "starts_at": starts_at,
        "sector": sector,
        "created_at": created_at,
        "late_cancellation": status == "late",
    }
    if common["late_cancellation"]:
        common["status"] = Status.CANCELLED
    if common["status"] == Status.CANCELLED:
        common["cancelled_at"] = starts_at - timedelta(hours=2 if common["late_cancellation"] else 72)
    if mode == "translation":
        return Booking(
            **common,
            kind=Kind.TRANSLATION,
            target_language_id="nld",
            deadline=starts_at,
            word_count=rng.randint(200, 3000),
        )
    duration = rng.choice([30, 60, 60, 60, 90, 90, 120, 180]) if mode != Mode.ON_SITE else rng.choice([60, 90, 120])
    municipality = organisation.municipality
    return Booking(
        **common,
        kind=Kind.INTERPRETING,
        mode=mode,
        duration_minutes=duration,
        ends_at=starts_at + timedelta(minutes=duration),
        postcode=municipality.postcode,
        municipality=municipality,
        address=organisation.address,
    )


def _insert(bookings: list[Booking]) -> None:
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
    StatusChange.objects.bulk_create(
        (
            StatusChange(booking=b, from_status="", to_status=b.status, at=b.created_at, note_code="history_2017")
            for b in bookings
        ),
        batch_size=BATCH,
    )


def seed_history_2017(organisations: list[Organisation]) -> int:
    """Load the 2017 service figures (updated every run) and, once, the 2017 bookings. Returns bookings added."""
    with FIGURES_CSV.open(newline="", encoding="utf-8") as lines:
        result = import_service_figures(lines)
    if result.errors:
        raise ValueError("; ".join(result.errors))
    if Booking.objects.filter(reference__startswith=PREFIX).exists():
        return 0
    rng = random.Random(YEAR)
    zone = ZoneInfo(settings.TIME_ZONE)
    by_region: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_region.setdefault(organisation.municipality.region.code, []).append(organisation)
    shares = {code: share for code, share in REGION_SHARE.items() if code in by_region}
    statuses = {
        Status.COMPLETED: ASSIGNMENTS,
        Status.CANCELLED: CANCELLED_FREE,
        "late": CANCELLED_LATE,
        Status.UNFILLED: UNFILLED,
    }
    number, batch = 0, []
    for status, total in statuses.items():
        for region, count in _split(total, shares).items():
            for _ in range(count):
                number += 1
                batch.append(_booking(number, status, rng.choice(by_region[region]), rng, zone))
                if len(batch) == BATCH:
                    _insert(batch)
                    batch = []
    _insert(batch)
    return number
