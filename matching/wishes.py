"""Requirements and wishes on an interpreting request: the rules matching applies, what each candidate meets,
the check at submission that a requirement can be met at all, and the staff override.

A requirement is hard: it is one of matching's (reason, filter) rules, so nobody who fails it is offered
the job, and staff can assign such a person only with an override that is logged in the booking history.
A wish only ranks: candidates meeting more wishes come first (after a named interpreter), with a reason.
An excluded interpreter is always hard and holds for every job of the organisation (ExcludedInterpreter).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from bookings.models import Booking, ExcludedInterpreter, Kind
from interpreters.models import Gender, Interpreter, LanguageSkill, Level

LEVEL_ORDER = [Level.SWORN, Level.CERTIFIED, Level.TRAINED, Level.NONE]


def levels_at_least(level: str) -> list[str]:
    """`sworn` ⊃ `certified` ⊃ `trained`: the levels that meet a minimum."""
    return LEVEL_ORDER[: LEVEL_ORDER.index(level) + 1] if level in LEVEL_ORDER else LEVEL_ORDER


def valid_skills(language, day: date, *, translation: bool = False):
    """Skills for `language` valid on `day` (valid_from/valid_until), of the interpreter in OuterRef("pk")."""
    usable = {"for_translation": True} if translation else {"for_interpreting": True}
    return LanguageSkill.objects.valid_on(day, interpreter=OuterRef("pk"), language=language, **usable)


def _name(language) -> str:
    return getattr(language, "name", None) or str(language)


def variety_label(booking) -> str:
    if booking.variety_id and booking.variety_text:
        return f"{booking.variety_text} ({booking.variety_id})"
    return booking.variety_text or (f"{_name(booking.variety)} ({booking.variety_id})" if booking.variety_id else "")


@dataclass
class Rule:
    """One requirement as a filter on Interpreter; `field` is the request field it belongs to."""

    field: str
    reason: str  # why someone is excluded (planning desk)
    label: str  # what is asked (checklist)
    condition: object


def requirement_rules(booking) -> list[Rule]:
    """The hard rules a request adds to matching. `booking` may be unsaved (the submission check)."""
    rules = []
    excluded_reason = _("Uitgesloten door de organisatie")
    if booking.organisation_id:
        org = booking.organisation_id
        excluded = ExcludedInterpreter.objects.filter(organisation_id=org, interpreter=OuterRef("pk"))
        rules.append(Rule("excluded_interpreter", excluded_reason, "", ~Exists(excluded)))
    if booking.excluded_interpreter_id:
        rules.append(Rule("excluded_interpreter", excluded_reason, "", ~Q(pk=booking.excluded_interpreter_id)))
    if booking.gender_required and booking.gender_preference:
        label = _("Gender: %(gender)s") % {"gender": Gender(booking.gender_preference).label.lower()}
        same = Q(gender=booking.gender_preference)
        rules.append(Rule("gender_preference", _("Voldoet niet aan de gevraagde gender"), label, same))
    if booking.kind != Kind.INTERPRETING:
        return rules
    day = booking.job_day
    if booking.preferred_required and booking.preferred_interpreter_id:
        label = _("Gevraagde tolk: %(name)s") % {"name": booking.preferred_interpreter}
        rules.append(
            Rule("preferred_interpreter", _("Niet de gevraagde tolk"), label, Q(pk=booking.preferred_interpreter_id))
        )
    if booking.variety_required and booking.variety_id:
        label = _("Variant: %(variety)s") % {"variety": variety_label(booking)}
        held = Exists(valid_skills(booking.variety_id, day))
        rules.append(Rule("variety", _("Spreekt de gevraagde variant niet (geldig op de datum)"), label, held))
    if booking.min_level_required and booking.min_level:
        label = _("Minstens %(level)s") % {"level": Level(booking.min_level).label.lower()}
        enough = valid_skills(booking.language_id, day).filter(level__in=levels_at_least(booking.min_level))
        rules.append(Rule("min_level", _("Niveau lager dan vereist (op de datum)"), label, Exists(enough)))
    return rules


@dataclass
class Check:
    """One requirement or wish and whether a candidate meets it (the planning desk's checklist)."""

    label: str
    met: bool
    required: bool
    note: dict | None = None  # the wish as a stored note (bookings/notes.py), for the offer's reasons


def candidate_checks(booking: Booking, candidates) -> None:
    """Fill in each candidate's `checks`, `wishes_met` and `wish_reasons` (one query for the variety)."""
    variety_holders = set()
    if booking.kind == Kind.INTERPRETING and booking.variety_id:
        ids = [c.interpreter.pk for c in candidates]
        variety_holders = set(
            Interpreter.objects.filter(pk__in=ids)
            .filter(Exists(valid_skills(booking.variety_id, booking.job_day)))
            .values_list("pk", flat=True)
        )
    for candidate in candidates:
        interpreter, checks = candidate.interpreter, []
        if booking.preferred_interpreter_id:
            label = _("Gevraagde tolk: %(name)s") % {"name": booking.preferred_interpreter}
            checks.append(Check(label, interpreter.pk == booking.preferred_interpreter_id, booking.preferred_required))
        if booking.gender_preference:
            label = _("Gender: %(gender)s") % {"gender": Gender(booking.gender_preference).label.lower()}
            note = {"code": "wish_gender", "params": {"gender": booking.gender_preference}}
            met = interpreter.gender == booking.gender_preference
            checks.append(Check(label, met, booking.gender_required, note))
        if booking.kind == Kind.INTERPRETING and booking.variety_id:
            label = _("Variant: %(variety)s") % {"variety": variety_label(booking)}
            note = {"code": "wish_variety", "params": {"variety": variety_label(booking)}}
            checks.append(Check(label, interpreter.pk in variety_holders, booking.variety_required, note))
        if booking.kind == Kind.INTERPRETING and booking.min_level:
            label = _("Minstens %(level)s") % {"level": Level(booking.min_level).label.lower()}
            met = candidate.level in levels_at_least(booking.min_level)
            note = {"code": "wish_level", "params": {"level": booking.min_level}}
            checks.append(Check(label, met, booking.min_level_required, note))
        candidate.checks = checks
        wishes = [c for c in checks[1 if booking.preferred_interpreter_id else 0 :] if not c.required and c.met]
        candidate.wishes_met = len(wishes)
        candidate.wish_reasons = [_("Wens vervuld: %(wish)s") % {"wish": c.label} for c in wishes]
        candidate.wish_notes = [{"code": "reason_wish", "params": {"wish": c.note}} for c in wishes]
