"""Presence: an interpreter says it can take a phone or video job right now, until a given time.

It ends by itself at that time, and is cleared by a new job that starts before then or by an absence.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from interpreters.models import Absence, Interpreter, LanguageSkill, Presence

MAX_AHEAD = timedelta(hours=12)
DEFAULT_AHEAD = timedelta(hours=2)


def presence_of(interpreter: Interpreter, *, now: datetime | None = None) -> Presence | None:
    """The interpreter's presence if it still runs."""
    now = now or timezone.now()
    return Presence.objects.filter(interpreter=interpreter, until__gt=now).first()


def presence_set(
    *, interpreter: Interpreter, available: bool, until: datetime | None = None, now: datetime | None = None
) -> Presence | None:
    """Available until `until` (default DEFAULT_AHEAD, at most MAX_AHEAD from now), or not available any more."""
    now = now or timezone.now()
    if not available:
        presence_clear(interpreter=interpreter)
        return None
    until = until or now + DEFAULT_AHEAD
    if until <= now:
        raise ValidationError({"until": _("Het einduur ligt in het verleden.")})
    if until > now + MAX_AHEAD:
        raise ValidationError({"until": _("Hoogstens %(hours)d uur vooruit.") % {"hours": MAX_AHEAD.seconds // 3600}})
    if not interpreter.is_active:
        raise ValidationError({"available": _("Je account is niet actief.")})
    if not (interpreter.offers_phone or interpreter.offers_video):
        raise ValidationError({"available": _("Je profiel biedt geen telefoon- of videotolken aan.")})
    if _absent_between(interpreter, now, until):
        raise ValidationError({"available": _("Je bent in die periode afwezig.")})
    presence, _created = Presence.objects.update_or_create(
        interpreter=interpreter, defaults={"since": now, "until": until}
    )
    return presence


def presence_clear(*, interpreter: Interpreter) -> None:
    Presence.objects.filter(interpreter=interpreter).delete()


def presence_clear_for_job(*, interpreter_id: int, starts_at: datetime) -> None:
    """A new job that starts before the presence ends: the interpreter is busy, no longer present."""
    Presence.objects.filter(interpreter_id=interpreter_id, until__gt=starts_at).delete()


def presence_clear_for_absence(*, absence: Absence, now: datetime | None = None) -> None:
    now = now or timezone.now()
    presence = presence_of(absence.interpreter, now=now)
    if presence is None:
        return
    if absence.starts_on <= timezone.localdate(presence.until) and absence.ends_on >= timezone.localdate(now):
        presence.delete()


def _absent_between(interpreter: Interpreter, start: datetime, end: datetime) -> bool:
    return interpreter.absences.filter(
        starts_on__lte=timezone.localdate(end), ends_on__gte=timezone.localdate(start)
    ).exists()


def present_by_language(*, now: datetime | None = None) -> list[tuple[str, list[Presence]]]:
    """For staff: who is present now, per language they interpret (language name, presences), in 3 queries."""
    now = now or timezone.now()
    skills = LanguageSkill.objects.filter(for_interpreting=True).select_related("language")
    presences = (
        Presence.objects.filter(until__gt=now, interpreter__is_active=True)
        .select_related("interpreter__user")
        .prefetch_related(Prefetch("interpreter__skills", queryset=skills))
        .order_by("until")
    )
    by_language: dict[str, list[Presence]] = {}
    for presence in presences:
        for skill in presence.interpreter.skills.all():
            by_language.setdefault(str(skill.language), []).append(presence)
    return sorted(by_language.items())
