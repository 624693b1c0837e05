"""`import_assignments`: historical assignments from a CSV file, all or nothing, in bulk.

Two passes over the file keep memory small at 250,000 rows: the first checks every row and collects
each problem with its line number; only when there is none does the second pass insert, in batches,
the bookings and one history row each. References already in the database are skipped, so importing
the same file again changes nothing. Historical bookings name no interpreter and are marked
`imported` (which is what lets a `confirmed` one exist without an interpreter). A `cancelled` row is a
free cancellation (the file has no late flag).
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from bookings.bulk import insert_rows
from bookings.models import Booking, Kind, Status, StatusChange
from interpreters.models import Mode
from languages.models import Language
from organisations.models import Municipality, Organisation, OrganisationKind

COLUMNS = [
    "reference",
    "organisation",
    "postcode",
    "kind",
    "mode",
    "language",
    "starts_at",
    "duration_minutes",
    "status",
]
BATCH = 10_000
TARGET_LANGUAGE = "nld"
IMPORT_NOTE = "imported"  # the history row's note code (bookings/notes.py)
KINDS, MODES, STATUSES = set(Kind.values), set(Mode.values), set(Status.values)  # computed once, checked per row


@dataclass
class AssignmentImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    skipped: int = 0
    organisations_created: int = 0


@dataclass(frozen=True)
class Row:
    reference: str
    organisation: str
    postcode: str
    kind: str
    mode: str
    language: str
    starts_at: datetime
    duration_minutes: int | None
    status: str


class Catalogue:
    """What rows are checked against, loaded once: postcodes and languages."""

    def __init__(self):
        self.municipalities: dict[str, Municipality] = {}
        for municipality in Municipality.objects.order_by("postcode", "id"):
            self.municipalities.setdefault(municipality.postcode, municipality)
        self.languages = set(Language.objects.values_list("code", flat=True))


def parse_row(raw: dict, catalogue: Catalogue) -> tuple[Row | None, list[str]]:
    value = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    problems = []
    if not value["reference"] or len(value["reference"]) > 40:
        problems.append("referentie ontbreekt of is langer dan 40 tekens")
    if not value["organisation"] or len(value["organisation"]) > 200:
        problems.append("organisatie ontbreekt of is langer dan 200 tekens")
    if not re.fullmatch(r"\d{4}", value["postcode"]) or value["postcode"] not in catalogue.municipalities:
        problems.append(f"postcode {value['postcode']!r} is geen Belgische postcode")
    kind, mode = value["kind"], value["mode"]
    if kind not in KINDS:
        problems.append(f"soort {kind!r} moet interpreting of translation zijn")
    elif kind == Kind.INTERPRETING and mode not in MODES:
        problems.append(f"modus {mode!r} moet on_site, phone of video zijn")
    elif kind == Kind.TRANSLATION and mode:
        problems.append("een vertaling heeft geen modus (laat mode leeg)")
    if value["language"] not in catalogue.languages:
        problems.append(f"taal {value['language']!r} is geen gekende ISO 639-3-code")
    starts_at = None
    try:
        starts_at = datetime.fromisoformat(value["starts_at"])
    except ValueError:
        problems.append(f"start {value['starts_at']!r} is geen ISO 8601-tijdstip")
    if starts_at is not None and starts_at.utcoffset() is None:
        problems.append(f"start {value['starts_at']!r} heeft geen tijdzone (bv. +01:00)")
    duration = None
    if value["duration_minutes"]:
        if not value["duration_minutes"].isdigit():
            problems.append(f"duur {value['duration_minutes']!r} is geen geheel aantal minuten")
        else:
            duration = int(value["duration_minutes"])
    if kind == Kind.INTERPRETING and (duration is None or duration < 30):
        problems.append("een tolkopdracht duurt minstens 30 minuten")
    if value["status"] not in STATUSES:
        problems.append(f"status {value['status']!r} bestaat niet (kies uit {', '.join(Status.values)})")
    if problems:
        return None, problems
    if kind == Kind.TRANSLATION:
        duration = None
    return Row(**{**value, "starts_at": starts_at, "duration_minutes": duration}), []


def check_file(lines, catalogue: Catalogue) -> tuple[list[str], set[tuple[str, str]]]:
    """First pass: every problem by line number, and the (organisation, postcode) pairs met."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != COLUMNS:
        return [f"regel 1: kolommen moeten {','.join(COLUMNS)} zijn, niet {reader.fieldnames}"], set()
    errors, seen, organisations = [], {}, set()
    for raw in reader:
        line = reader.line_num
        if None in raw:
            errors.append(f"regel {line}: te veel kolommen")
            continue
        row, problems = parse_row(raw, catalogue)
        reference = (raw.get("reference") or "").strip()
        if reference and reference in seen:
            problems.append(f"referentie {reference!r} staat al op regel {seen[reference]}")
        elif reference:
            seen[reference] = line
        errors += [f"regel {line}: {problem}" for problem in problems]
        if row:
            organisations.add((row.organisation, row.postcode))
    return errors, organisations


def _organisations(pairs: set[tuple[str, str]], catalogue: Catalogue) -> tuple[dict, int]:
    """Find each organisation by name among the places of its postcode, or create it (kind other)."""
    found = {}
    names = {name for name, _ in pairs}
    existing = Organisation.objects.filter(name__in=names).select_related("municipality").order_by("id")
    for organisation in existing:
        found.setdefault((organisation.name, organisation.municipality.postcode), organisation)
    missing = [
        Organisation(name=name, kind=OrganisationKind.OTHER, municipality=catalogue.municipalities[postcode])
        for name, postcode in sorted(pairs - found.keys())
    ]
    for organisation in Organisation.objects.bulk_create(missing):
        found[(organisation.name, organisation.municipality.postcode)] = organisation
    return found, len(missing)


def _booking(row: Row, organisation_id: int, catalogue: Catalogue) -> dict:
    """The booking of a checked row, as the plain column values bookings/bulk.py writes."""
    interpreting = row.kind == Kind.INTERPRETING
    return {
        "reference": row.reference,
        "kind": row.kind,
        "status": row.status,
        "organisation_id": organisation_id,
        "mode": row.mode,
        "language_id": row.language,
        "target_language_id": None if interpreting else TARGET_LANGUAGE,
        "starts_at": row.starts_at,
        "duration_minutes": row.duration_minutes,
        "ends_at": row.starts_at + timedelta(minutes=row.duration_minutes) if interpreting else None,
        "postcode": row.postcode if interpreting else "",
        "municipality_id": catalogue.municipalities[row.postcode].pk if interpreting else None,
        "deadline": None if interpreting else row.starts_at,
        "created_at": row.starts_at,
        "imported": True,
    }


def _insert(batch: list[dict]) -> int:
    """Write the batch's new bookings and one history row each; references already there are left alone."""
    references = [b["reference"] for b in batch]
    existing = set(Booking.objects.filter(reference__in=references).values_list("reference", flat=True))
    new = [booking for booking in batch if booking["reference"] not in existing]
    insert_rows(Booking, new)
    ids = dict(Booking.objects.filter(reference__in=[b["reference"] for b in new]).values_list("reference", "id"))
    insert_rows(
        StatusChange,
        [
            {
                "booking_id": ids[b["reference"]],
                "to_status": b["status"],
                "at": b["created_at"],
                "note_code": IMPORT_NOTE,
            }
            for b in new
        ],
    )
    return len(new)


def import_assignments(open_file) -> AssignmentImportResult:
    """`open_file()` gives a fresh iterator over the CSV lines (it is read twice)."""
    catalogue = Catalogue()
    errors, pairs = check_file(open_file(), catalogue)
    if errors:
        return AssignmentImportResult(errors=errors)
    result = AssignmentImportResult()
    with transaction.atomic():
        organisations, result.organisations_created = _organisations(pairs, catalogue)
        batch = []
        reader = csv.DictReader(open_file())
        for raw in reader:
            row, _ = parse_row(raw, catalogue)
            batch.append(_booking(row, organisations[(row.organisation, row.postcode)].pk, catalogue))
            if len(batch) == BATCH:
                result.created += _insert(batch)
                result.skipped += len(batch)
                batch = []
        result.created += _insert(batch)
        result.skipped += len(batch)
    result.skipped -= result.created
    return result
