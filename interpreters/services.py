"""What an interpreter may change about itself. Languages, levels and certification are staff's (admin)."""

from collections import defaultdict
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import new_calendar_token
from accounts.roles import profile_for
from interpreters.models import Absence, Interpreter, Mode, WeeklyAvailability
from interpreters.presence import presence_clear_for_absence

# The fields an interpreter edits on its own profile; everything else is staff's.
SELF_EDITABLE_FIELDS = ["municipality", "max_travel_km", "phone", "sectors", "words_per_day"] + [
    f"offers_{mode}" for mode in Mode.values
]
SELF_EDITABLE_USER_FIELDS = ["first_name", "last_name", "email"]


def interpreter_profile_update(*, interpreter: Interpreter, **fields) -> Interpreter:
    """Change only the self-editable fields; anything else passed in is refused loudly."""
    user_fields = {k: fields.pop(k) for k in list(fields) if k in SELF_EDITABLE_USER_FIELDS}
    unknown = set(fields) - set(SELF_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable by the interpreter: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(interpreter, name, value)
        interpreter.save(update_fields=list(fields) or None)
        if user_fields:
            for name, value in user_fields.items():
                setattr(interpreter.user, name, value)
            interpreter.user.save(update_fields=list(user_fields))
    return interpreter


def validate_weekly_ranges(ranges: list[tuple[int, time, time]]) -> None:
    """Each range ends after it starts; ranges of one weekday do not overlap (touching is fine)."""
    errors = []
    by_day = defaultdict(list)
    for weekday, start, end in ranges:
        if not 0 <= weekday <= 6:
            errors.append(_("Onbekende weekdag."))
        elif end <= start:
            errors.append(_("Een tijdvak moet eindigen na het begin (%(span)s).") % {"span": _span(start, end)})
        else:
            by_day[weekday].append((start, end))
    for day_ranges in by_day.values():
        day_ranges.sort()
        for (start1, end1), (start2, end2) in zip(day_ranges, day_ranges[1:], strict=False):
            if start2 < end1:
                errors.append(
                    _("Tijdvakken op dezelfde dag overlappen: %(a)s en %(b)s.")
                    % {"a": _span(start1, end1), "b": _span(start2, end2)}
                )
    if errors:
        raise ValidationError(errors)


def _span(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def weekly_hours_replace(*, interpreter: Interpreter, ranges: list[tuple[int, time, time]]) -> None:
    """Replace all weekly hours at once (an empty list: always available)."""
    validate_weekly_ranges(ranges)
    with transaction.atomic():
        interpreter.weekly_hours.all().delete()
        WeeklyAvailability.objects.bulk_create(
            WeeklyAvailability(interpreter=interpreter, weekday=d, start_time=s, end_time=e) for d, s, e in ranges
        )


def absence_add(*, interpreter: Interpreter, starts_on: date, ends_on: date, reason: str = "") -> Absence:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("De laatste dag ligt voor de eerste.")})
    absence = Absence.objects.create(interpreter=interpreter, starts_on=starts_on, ends_on=ends_on, reason=reason)
    presence_clear_for_absence(absence=absence)
    return absence


def absence_delete(*, absence: Absence) -> None:
    absence.delete()


def calendar_token_regenerate(*, user) -> str:
    """A new secret for the user's calendar feed; the old URL stops working at once."""
    profile = profile_for(user)
    profile.calendar_token = new_calendar_token()
    profile.save(update_fields=["calendar_token"])
    return profile.calendar_token
