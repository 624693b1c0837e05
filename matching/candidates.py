"""Matching a booking to interpreters: the hard rules, the ranking and the reasons shown to staff.

Hard rules are filters (SQL where they can be, so 5,000 interpreters stay fast; the exact distance, the
buffers around other jobs, weekly hours and translation capacity are checked in Python on what is left).
Each rule carries the reason it gives when it excludes someone, so the planning desk can say why.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from math import cos, radians

from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, Q, Subquery, Sum, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from bookings import policy
from bookings.models import Booking, Kind, Offer, Status, Withdrawal
from bookings.workdays import closed_days, count_working_days
from interpreters.availability import within_weekly_hours
from interpreters.models import Absence, Interpreter, LanguageSkill, Level, Mode, Presence, WeeklyAvailability
from matching.wishes import candidate_checks, requirement_rules
from organisations.geo import distance_km, great_circle_km

DUTCH = "nld"
BUSY_STATUSES = [Status.CONFIRMED, Status.COMPLETED]
KM_PER_DEGREE_LAT = 110.5  # a little under the true 110.57–111.69, so the box never cuts anyone off
OVERLAP_WINDOW = timedelta(hours=12)  # no buffer is longer than this
# Columns of the interpreters matching reads that neither the rules, the ranking nor the callers (offers, their
# mails, the planning desk) use: not fetched nor converted for the hundreds of rows per booking. Reading one
# later would cost a query per interpreter.
UNUSED_COLUMNS = [
    "created_at",
    "phone",
    "user__password",
    "user__last_login",
    "user__date_joined",
    "user__is_superuser",
    "user__is_staff",
]


@dataclass
class Candidate:
    interpreter: Interpreter
    distance_km: float | None
    level: str
    hours_last_30_days: float
    reasons: list[str] = field(default_factory=list)
    preferred: bool = False
    wishes_met: int = 0  # requester's wishes (gender, variety, minimum level) this candidate meets
    wish_reasons: list[str] = field(default_factory=list)
    wish_notes: list[dict] = field(default_factory=list)
    checks: list = field(default_factory=list)  # matching.wishes.Check: each requirement and wish, met or not

    def sort_key(self):
        return (
            not self.preferred,
            -self.wishes_met,
            Level.rank(self.level),
            self.distance_km or 0,
            self.hours_last_30_days,
            self.interpreter.pk,
        )


@dataclass
class Exclusion:
    interpreter: Interpreter
    reason: str


def _skill(booking: Booking, language, *, valid: bool = True):  # `language`: a code, no query for the row
    """The skills for `language` of the interpreter in OuterRef("pk") usable for this booking."""
    return _skills(booking, language, valid=valid).filter(interpreter=OuterRef("pk"))


def _skills(booking: Booking, language, *, valid: bool = True):
    """Everyone's skills for `language` usable for this kind of work (and, with `valid`, on the job's date)."""
    usable = {"for_translation": True} if booking.kind == Kind.TRANSLATION else {"for_interpreting": True}
    if not valid:
        return LanguageSkill.objects.filter(language=language, **usable)
    return LanguageSkill.objects.valid_on(booking.job_day, language=language, **usable)


def bounding_box(booking: Booking) -> Q:
    """Home within max_travel_km of the place, as a lat/lon box per interpreter (exact check in Python)."""
    place = booking.municipality
    reach = Cast(F("max_travel_km"), FloatField())
    lat_span = reach / KM_PER_DEGREE_LAT
    lon_span = reach / (KM_PER_DEGREE_LAT * max(0.1, cos(radians(min(89.0, abs(place.latitude) + 3)))))
    return Q(
        municipality__latitude__gte=place.latitude - lat_span,
        municipality__latitude__lte=place.latitude + lat_span,
        municipality__longitude__gte=place.longitude - lon_span,
        municipality__longitude__lte=place.longitude + lon_span,
    )


def _language_rule(booking: Booking) -> tuple[str, Exists]:
    """Holds the booking's (source) language for this kind of work, valid on the job's date."""
    if booking.kind == Kind.TRANSLATION:
        reason = _("Vertaalt deze brontaal niet (geldig)")
    else:
        reason = _("Tolkt deze taal niet (geldig op de datum)")
    return reason, Exists(_skill(booking, booking.language_id))


def sql_rules(
    booking: Booking,
    *,
    language: bool = True,
    offered: bool = True,
    requirements: bool = True,
    now: datetime | None = None,
) -> list[tuple[str, object]]:
    """(reason, filter) pairs that an interpreter must all pass; filters are Q objects or Exists. Without
    `language`, the rule on the (source) language is left out, for a query already narrowed to _skill_holders;
    without `offered`, the rule that nobody gets the same offer twice (the planning desk shows those people with
    their offer's state); without `requirements`, the request's requirements (matching/wishes.py). An immediate
    job ("Nu een tolk") goes only to those present at `now`."""
    rules = [(_("Niet actief"), Q(is_active=True))]
    if booking.immediate:
        present = Presence.objects.filter(interpreter=OuterRef("pk"), until__gt=now or timezone.now())
        rules.append((_("Nu niet beschikbaar"), Exists(present)))
    if language:
        rules.append(_language_rule(booking))
    if booking.kind == Kind.TRANSLATION:
        if booking.certified:
            sworn = _skill(booking, booking.language_id).filter(level=Level.SWORN)
            rules.append((_("Geen beëdigd vertaler voor deze taal"), Exists(sworn)))
        if booking.target_language_id != DUTCH:
            rules.append(
                (_("Vertaalt deze doeltaal niet (geldig)"), Exists(_skill(booking, booking.target_language_id)))
            )
    else:
        rules.append((_("Biedt deze modus niet aan"), Q(**{f"offers_{booking.mode}": True})))
    if connection.vendor == "postgresql":
        rules.append((_("Werkt niet in deze sector"), Q(sectors=[]) | Q(sectors__contains=[booking.sector])))
    if requirements:
        rules.extend((rule.reason, rule.condition) for rule in requirement_rules(booking))  # matching/wishes.py
    if booking.pk and offered:
        offered = Offer.objects.filter(booking_id=booking.pk, interpreter=OuterRef("pk"))
        rules.append((_("Kreeg dit aanbod al of weigerde het"), ~Exists(offered)))
        withdrew = Withdrawal.objects.filter(booking_id=booking.pk, interpreter=OuterRef("pk"))
        rules.append((_("Trok zich terug uit deze opdracht"), ~Exists(withdrew)))
    if booking.kind == Kind.INTERPRETING:
        first, last = timezone.localdate(booking.starts_at), timezone.localdate(booking.ends_at)
        away = Absence.objects.filter(interpreter=OuterRef("pk"), starts_on__lte=last, ends_on__gte=first)
        rules.append((_("Afwezig"), ~Exists(away)))
        if booking.mode == Mode.ON_SITE and booking.municipality_id:
            rules.append((_("Woont te ver"), bounding_box(booking)))
    return rules


def _queryset(qs, booking: Booking, *, now: datetime | None = None):
    annotations = {}
    if booking.kind == Kind.TRANSLATION:
        qs = qs.prefetch_related("absences")  # capacity: working days without absences
    else:
        # Weekly hours are fetched (by _python_rules) only for those who have any: a prefetch over every
        # interpreter cost more than the main query. Absences are a SQL rule for interpreting.
        annotations["has_weekly_hours"] = Exists(WeeklyAvailability.objects.filter(interpreter=OuterRef("pk")))
    if now is not None:  # fairness: minutes worked in the 30 days before `now`, for the candidates only
        annotations["minutes_last_30_days"] = Subquery(_minutes_last_30_days(now))
    # one annotate (each call clones the query); no ORDER BY: candidates are sorted in Python (sort_key)
    return qs.select_related("user", "municipality").defer(*UNUSED_COLUMNS).annotate(**annotations).order_by()


def _skill_holders(booking: Booking) -> dict[int, str]:
    """Interpreter id → level of everyone holding the booking's (source) language, usable for this kind of work
    and valid on the job's date: _language_rule as a list, so that the candidate query starts
    from these few (a language has a few hundred holders among thousands) instead of every interpreter.
    (PostgreSQL cannot estimate the travel-distance box and otherwise probes the skills of half the
    interpreters.) The level is that of the same row: one skill per interpreter and language."""
    return dict(_skills(booking, booking.language_id).values_list("interpreter_id", "level"))


def _distance(booking: Booking, interpreter: Interpreter) -> float | None:
    if booking.mode != Mode.ON_SITE or booking.municipality_id is None:
        return None
    return distance_km(interpreter.municipality, booking.municipality)


def _buffer(job: Booking, interpreter: Interpreter) -> timedelta:
    return timedelta(minutes=policy.buffer_minutes(job.mode, _distance(job, interpreter)))


def _jobs_around(booking: Booking, interpreter_ids):
    """The interpreters' confirmed or completed interpreting jobs within OVERLAP_WINDOW of this one, not itself
    (the index booking_busy_windows)."""
    return Booking.objects.filter(
        ~Q(pk=booking.pk),
        interpreter_id__any_of=list(interpreter_ids),
        kind=Kind.INTERPRETING,
        status__in=BUSY_STATUSES,
        starts_at__lt=booking.ends_at + OVERLAP_WINDOW,
        ends_at__gt=booking.starts_at - OVERLAP_WINDOW,
    )


def _busy_jobs(booking: Booking, interpreter_ids) -> dict[int, list[Booking]]:
    jobs = _jobs_around(booking, interpreter_ids).select_related("municipality")
    by_interpreter: dict[int, list[Booking]] = {}
    for job in jobs:
        by_interpreter.setdefault(job.interpreter_id, []).append(job)
    return by_interpreter


def _conflict(booking: Booking, interpreter: Interpreter, jobs: list[Booking]) -> Booking | None:
    """The first other job that overlaps this one once the larger of both buffers is kept free."""
    own = _buffer(booking, interpreter)
    for job in jobs:
        gap = max(own, _buffer(job, interpreter))
        if job.starts_at < booking.ends_at + gap and job.ends_at > booking.starts_at - gap:
            return job
    return None


def assignment_conflict(*, booking: Booking, interpreter: Interpreter) -> Booking | None:
    """For booking_assign and offer_accept: the interpreter's job that leaves no buffer around this one."""
    if booking.kind != Kind.INTERPRETING:
        return None
    return _conflict(booking, interpreter, _busy_jobs(booking, [interpreter.pk]).get(interpreter.pk, []))


def working_days(start: date, end: date, absences=(), closed: set[date] | None = None) -> int:
    """Working days (bookings/workdays.py: no weekends, Belgian holidays, closure days) from `start` up to and
    including `end`, leaving out days of the given absences. Pass `closed` when counting for many people."""
    skip = [(a.starts_on, a.ends_on) for a in absences]
    return count_working_days(start, end, closed=closed, skip=skip)


def _open_words(booking: Booking, interpreter_ids) -> dict[int, int]:
    rows = (
        Booking.objects.filter(
            interpreter_id__any_of=list(interpreter_ids),
            kind=Kind.TRANSLATION,
            status=Status.CONFIRMED,
            deadline__lte=booking.deadline,
        )
        .exclude(pk=booking.pk)
        .values("interpreter_id")
        .annotate(words=Sum("word_count"))
    )
    return {row["interpreter_id"]: row["words"] or 0 for row in rows}


def _minutes_last_30_days(now: datetime):
    """Per interpreter (OuterRef): the sum of busy minutes in the 30 days before `now`; served by the index
    booking_interpreter_start (interpreter, starts_at)."""
    return (
        Booking.objects.filter(
            interpreter=OuterRef("pk"),
            status__in=BUSY_STATUSES,
            starts_at__gte=now - timedelta(days=30),
            starts_at__lt=now,
        )
        .order_by()
        .values("interpreter")
        .annotate(minutes=Sum("duration_minutes"))
        .values("minutes")
    )


def _busy_windows(booking: Booking, interpreter_ids) -> dict[int, list[tuple]]:
    """Like _busy_jobs, as plain rows (starts_at, ends_at, mode, latitude, longitude) for the candidate scan:
    no model instances for jobs that are only compared."""
    rows = (
        _jobs_around(booking, interpreter_ids)
        .order_by()
        .values_list(
            "interpreter_id", "starts_at", "ends_at", "mode", "municipality__latitude", "municipality__longitude"
        )
    )
    by_interpreter: dict[int, list[tuple]] = {}
    for interpreter_id, *job in rows:
        by_interpreter.setdefault(interpreter_id, []).append(tuple(job))
    return by_interpreter


def _window_conflict(booking: Booking, interpreter: Interpreter, jobs: list[tuple]) -> bool:
    """_conflict on the rows of _busy_windows: the same buffers, the same comparison."""
    own = _buffer(booking, interpreter)
    home = interpreter.municipality
    for starts_at, ends_at, mode, latitude, longitude in jobs:
        away = None
        if mode == Mode.ON_SITE and latitude is not None:
            away = great_circle_km(home.latitude, home.longitude, latitude, longitude)
        gap = max(own, timedelta(minutes=policy.buffer_minutes(mode, away)))
        if starts_at < booking.ends_at + gap and ends_at > booking.starts_at - gap:
            return True
    return False


def _python_rules(booking: Booking, interpreters: list[Interpreter], *, now: datetime, busy: bool = True):
    """Yield (interpreter, distance, None) for those who pass, (interpreter, None, reason) for those who do not.
    Without `busy`, other jobs too close to this one are left to the caller (assignment_lock)."""
    ids, check_busy = [i.pk for i in interpreters], busy
    if booking.kind == Kind.TRANSLATION:
        open_words = _open_words(booking, ids)
        today = timezone.localdate(now)
        last_day = timezone.localdate(booking.deadline) if booking.deadline else today - timedelta(days=1)
        closed = closed_days(today, last_day)
    else:
        busy = _busy_windows(booking, ids)
        # absences need no prefetch: for interpreting they are a SQL rule (the same days as is_absent)
        limited = [i for i in interpreters if getattr(i, "has_weekly_hours", True)]
        prefetch_related_objects(limited, "weekly_hours")
    for interpreter in interpreters:
        if not interpreter.accepts_sector(booking.sector):
            yield interpreter, None, _("Werkt niet in deze sector")
            continue
        if booking.kind == Kind.TRANSLATION:
            words = open_words.get(interpreter.pk, 0) + (booking.word_count or 0)
            days = working_days(today, last_day, interpreter.absences.all(), closed)  # absences are prefetched
            if words > interpreter.words_per_day * days:
                yield interpreter, None, _("Te veel vertaalwerk voor de deadline")
                continue
            yield interpreter, None, None
            continue
        distance = _distance(booking, interpreter)
        if distance is not None and distance > interpreter.max_travel_km:
            yield interpreter, None, _("Woont te ver")
        elif getattr(interpreter, "has_weekly_hours", True) and not within_weekly_hours(
            interpreter=interpreter, starts_at=booking.starts_at, ends_at=booking.ends_at
        ):  # without weekly hours always available (absences: a SQL rule above)
            yield interpreter, None, _("Werkt niet op dat uur")
        elif check_busy and _window_conflict(booking, interpreter, busy.get(interpreter.pk, [])):
            yield interpreter, None, _("Heeft dan al een opdracht (met buffer)")
        else:
            yield interpreter, distance, None


def _reason_texts() -> dict:
    """The reasons' texts, translated once per list rather than once per candidate."""
    return {
        "preferred": _("Voorkeurstolk van de aanvrager"),
        "level": _("Niveau: %(level)s"),
        "levels": {level: str(level.label) for level in Level},
        "distance": _("Afstand: %(km).0f km"),
        "remote": _("Op afstand: geen verplaatsing"),
        "hours": _("%(hours)s uur gewerkt in de laatste 30 dagen"),
    }


def reason_notes(candidate: Candidate, booking: Booking) -> list[dict]:
    """The reasons as notes to store on an offer (bookings/notes.py), shown later in the reader's language."""
    notes = [{"code": "reason_preferred", "params": {}}] if candidate.preferred else []
    notes.extend(candidate.wish_notes)
    notes.append({"code": "reason_level", "params": {"level": candidate.level}})
    if candidate.distance_km is not None:
        notes.append({"code": "reason_distance", "params": {"km": candidate.distance_km}})
    elif booking.kind == Kind.INTERPRETING:
        notes.append({"code": "reason_remote", "params": {}})
    notes.append({"code": "reason_hours", "params": {"hours": float(candidate.hours_last_30_days)}})
    return notes


def _reasons(candidate: Candidate, booking: Booking, texts: dict | None = None) -> list[str]:
    texts = texts or _reason_texts()
    reasons = []
    if candidate.preferred:
        reasons.append(texts["preferred"])
    reasons.extend(candidate.wish_reasons)
    reasons.append(texts["level"] % {"level": texts["levels"][candidate.level]})
    if candidate.distance_km is not None:
        reasons.append(texts["distance"] % {"km": candidate.distance_km})
    elif booking.kind == Kind.INTERPRETING:
        reasons.append(texts["remote"])
    reasons.append(texts["hours"] % {"hours": number_format(candidate.hours_last_30_days, decimal_pos=1)})
    return reasons


def candidates_for(booking: Booking, *, now: datetime | None = None, offered: bool = True) -> list[Candidate]:
    """Everyone who passes every hard rule, best first, each with the reasons for their place. With
    `offered=False` also those who already got this offer (the planning desk shows its state beside them)."""
    now = now or timezone.now()
    levels = _skill_holders(booking)
    if not levels:
        return []
    # the language rule as a correlated subquery would only repeat what the list of holders already says
    rules = [rule for _reason, rule in sql_rules(booking, language=False, offered=offered, now=now)]
    qs = Interpreter.objects.filter(*rules, pk__any_of=list(levels))
    interpreters = list(_queryset(qs, booking, now=now))
    passing = [(i, d) for i, d, reason in _python_rules(booking, interpreters, now=now) if reason is None]
    candidates = [
        Candidate(
            interpreter=interpreter,
            distance_km=distance,
            level=levels.get(interpreter.pk) or Level.NONE,
            hours_last_30_days=round((interpreter.minutes_last_30_days or 0) / 60, 2),
            preferred=interpreter.pk == booking.preferred_interpreter_id,
        )
        for interpreter, distance in passing
    ]
    candidate_checks(booking, candidates)
    candidates.sort(key=Candidate.sort_key)
    texts = _reason_texts()
    for candidate in candidates:
        candidate.reasons = _reasons(candidate, booking, texts)
    return candidates


def language_holders(booking: Booking):
    """Active interpreters who hold the language for this kind of work at all (validity aside)."""
    return Interpreter.objects.filter(is_active=True).filter(Exists(_skill(booking, booking.language_id, valid=False)))


def exclusions_for(booking: Booking, *, now: datetime | None = None, limit: int = 100) -> list[Exclusion]:
    """For the planning desk: language holders who are not candidates, each with the first rule they fail. Those
    who had the offer are candidates there (with their offer's state), not exclusions."""
    now = now or timezone.now()
    holders = language_holders(booking)
    excluded: dict[int, str] = {}
    for reason, rule in sql_rules(booking, offered=False, now=now):
        for pk in holders.exclude(rule).exclude(pk__in=list(excluded)).values_list("pk", flat=True)[:limit]:
            excluded[pk] = reason
    remaining = holders.exclude(pk__in=list(excluded))
    for _reason, rule in sql_rules(booking, offered=False, now=now):
        remaining = remaining.filter(rule)
    for interpreter, _distance, reason in _python_rules(booking, list(_queryset(remaining, booking)), now=now):
        if reason:
            excluded[interpreter.pk] = reason
    people = Interpreter.objects.select_related("user").in_bulk(list(excluded)[:limit])
    return [Exclusion(interpreter=people[pk], reason=excluded[pk]) for pk in list(excluded)[:limit]]


def rule_failures(
    booking: Booking, interpreters, *, now: datetime | None = None, busy: bool = True
) -> dict[int, list[str]]:
    """Every hard rule each of these interpreters fails, for staff who search or assign by hand: one query per
    rule whatever the number of people. Having had this offer is no failure (staff may assign someone who
    declined on the phone); a requirement names what was asked. Without `busy`, see _python_rules."""
    now = now or timezone.now()
    failures: dict[int, list[str]] = {interpreter.pk: [] for interpreter in interpreters}
    people = Interpreter.objects.filter(pk__in=list(failures))
    for reason, rule in sql_rules(booking, offered=False, requirements=False, now=now):
        for pk in people.exclude(rule).values_list("pk", flat=True):
            failures[pk].append(reason)
    for rule in requirement_rules(booking):
        for pk in people.exclude(rule.condition).values_list("pk", flat=True):
            failures[pk].append(rule.reason + (f" ({rule.label})" if rule.label else ""))
    checked = _python_rules(booking, list(_queryset(people, booking)), now=now, busy=busy)
    for interpreter, _distance, reason in checked:
        if reason and reason not in failures[interpreter.pk]:
            failures[interpreter.pk].append(reason)
    return failures


class AssignmentConflict(Exception):
    """The interpreter has another job too close to this one (buffers included)."""

    def __init__(self, job: Booking):
        super().__init__(str(job))
        self.job = job


def assignment_lock(*, booking: Booking, interpreter: Interpreter) -> None:
    """Inside the assigning transaction: lock the booking, then the interpreter, then check the buffers.

    Always this order, so two assignments never deadlock; the interpreter's lock makes a second assignment
    of the same interpreter wait until the first has committed and then see it. (PostgreSQL's exclusion
    constraint still guards plain overlaps without buffers.)
    """
    list(Booking.objects.select_for_update().filter(pk=booking.pk).values_list("pk", flat=True))
    list(Interpreter.objects.select_for_update().filter(pk=interpreter.pk).values_list("pk", flat=True))
    conflict = assignment_conflict(booking=booking, interpreter=interpreter)
    if conflict is not None:
        raise AssignmentConflict(conflict)
