"""Certification with dates: a confirmed job whose interpreter's certification for the job's language (at
the level the request requires) is no longer valid on the day of the job is flagged to staff.

Matching already only offers a job to someone whose skill is valid on the job's day (matching/wishes.py
valid_skills); this catches what changes afterwards: a certification that lapses (valid_until) between
the booking and the start. The staff queue lists these bookings; a daily beat task writes a note in each
booking's history once and mails staff (`notify_certification_lapsing`).
"""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from bookings.models import Booking, Kind, Status, StatusChange
from bookings.notes import Note, language_names, note_fields
from interpreters.models import LanguageSkill, Level
from matching.wishes import levels_at_least
from notifications import events

LAPSE_NOTE = "certification_lapsing"  # the history note's code, so each booking is flagged once


def _valid_skill(levels: list[str]):
    """The assigned interpreter's skill in the job's language, valid on the (local) day of the job."""
    return LanguageSkill.objects.valid_on(
        OuterRef("day_of_job"),
        interpreter=OuterRef("interpreter"),
        language=OuterRef("language"),
        for_interpreting=True,
        level__in=levels,
    )


def with_day_of_job(bookings):
    """The (local) day of each job as `day_of_job`, which lapsing_certification compares with."""
    return bookings.annotate(day_of_job=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))


def lapsing_certification(now: datetime) -> Q:
    """Upcoming confirmed interpreting jobs whose interpreter is not (or no longer) certified on the day; on
    bookings annotated by with_day_of_job (the staff queue combines it with its other reasons)."""
    lapsed = Q(min_level_required=False) & ~Exists(_valid_skill(list(Level.values)))
    for level in (Level.SWORN, Level.CERTIFIED, Level.TRAINED):
        lapsed |= Q(min_level_required=True, min_level=level) & ~Exists(_valid_skill(levels_at_least(level)))
    upcoming = Q(kind=Kind.INTERPRETING, status=Status.CONFIRMED, starts_at__gte=now, interpreter__isnull=False)
    return upcoming & lapsed


def bookings_with_lapsing_certification(*, now: datetime | None = None):
    now = now or timezone.now()
    return with_day_of_job(Booking.objects.for_lists()).filter(lapsing_certification(now)).order_by("starts_at", "pk")


def certification_lapses_flag(*, now: datetime | None = None) -> list[int]:
    """Once per booking: a history note and a mail to staff. Returns the flagged ids."""
    now = now or timezone.now()
    flagged = []
    for booking in bookings_with_lapsing_certification(now=now).exclude(history__note_code=LAPSE_NOTE):
        note = Note(LAPSE_NOTE, {"name": str(booking.interpreter), "language": language_names(booking.language)})
        StatusChange.objects.create(
            booking=booking, from_status=booking.status, to_status=booking.status, at=now, **note_fields(note)
        )
        events.notify_certification_lapsing(booking)
        flagged.append(booking.pk)
    return flagged
