"""At submission: a requirement that no active interpreter can meet is refused, with the reason, so the
requester can turn it into a wish (untick "requirement") or change the request.

"Can meet" is about who the interpreters are, not about their agenda: active, holding the language for
interpreting on the day, offering one of the requested modes and, on site, living within their own travel
range of the place. When nobody at all can do the job, no requirement is to blame and the request goes on
(matching then escalates it to staff); only a requirement that empties that pool is refused.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from bookings.models import Booking, Kind
from bookings.requests import BookingRequest, validate_booking_request
from interpreters.models import Gender, Interpreter, Level, Mode
from matching.candidates import bounding_box
from matching.wishes import requirement_rules, valid_skills


def _as_booking(request) -> Booking:
    return Booking(
        kind=Kind.INTERPRETING,
        mode=request.mode,
        language=request.language,
        starts_at=request.starts_at,
        gender_preference=request.gender_preference,
        gender_required=request.gender_required,
        preferred_interpreter=request.preferred_interpreter,
        preferred_required=request.preferred_required,
        variety=request.variety,
        variety_text=request.variety_text,
        variety_required=request.variety_required,
        min_level=request.min_level,
        min_level_required=request.min_level_required,
    )


def _places(request) -> list[tuple[str, object]]:
    """(mode, municipality) for each requested mode."""
    places = [(request.mode, request.municipality)]
    for n in (2, 3):
        mode = getattr(request, f"mode_{n}")
        if mode:
            places.append((mode, request.alternative_municipalities.get(n)))
    return places


def _pool(request, booking: Booking):

    reach = Q(pk__in=[])
    for mode, municipality in _places(request):
        can = Q(**{f"offers_{mode}": True})
        if mode == Mode.ON_SITE and municipality is not None:
            can &= bounding_box(Booking(mode=mode, municipality=municipality))
        reach |= can
    return (
        Interpreter.objects.filter(is_active=True)
        .filter(Exists(valid_skills(booking.language_id, booking.job_day)))
        .filter(reach)
    )


def _where(request) -> str:
    parts = []
    for mode, municipality in _places(request):
        if mode == Mode.ON_SITE and municipality is not None:
            parts.append(_("ter plaatse in %(region)s") % {"region": municipality.region.name})
        else:
            parts.append(Mode(mode).label.lower())
    return _(" of ").join(parts)


def _message(field: str, booking: Booking, request) -> str:
    names = {"language": booking.language.name, "where": _where(request)}
    if field == "variety":
        text = _("Geen actieve tolk spreekt %(variety)s %(where)s.") % {
            **names,
            "variety": request.variety_text or booking.variety.name,
        }
    elif field == "gender_preference":
        gender = Gender(booking.gender_preference).label.lower()
        text = _("Geen actieve tolk (%(gender)s) spreekt %(language)s %(where)s.") % {**names, "gender": gender}
    elif field == "preferred_interpreter":
        name = str(booking.preferred_interpreter)
        text = _("%(name)s tolkt geen %(language)s %(where)s op die datum.") % {**names, "name": name}
    elif field == "min_level":
        level = Level(booking.min_level).label.lower()
        text = _("Geen actieve tolk van minstens niveau %(level)s spreekt %(language)s %(where)s.") % {
            **names,
            "level": level,
        }
    else:
        text = _("Geen actieve tolk voldoet aan al deze vereisten samen voor %(language)s %(where)s.") % names
    return "{} {}".format(text, _("Maak er een wens van (vink ‘vereiste’ uit) of pas de aanvraag aan."))


def requirement_problems(request) -> dict[str, str]:
    """Field → why no active interpreter can meet that requirement; empty when every requirement can be met."""
    if request.language is None or request.starts_at is None or request.mode not in Mode.values:
        return {}
    booking = _as_booking(request)
    rules = [rule for rule in requirement_rules(booking) if rule.field != "excluded_interpreter"]
    if not rules:
        return {}
    pool = _pool(request, booking)
    if not pool.exists():
        return {}
    problems = {
        rule.field: _message(rule.field, booking, request) for rule in rules if not pool.filter(rule.condition).exists()
    }
    if not problems and len(rules) > 1:
        together = pool
        for rule in rules:
            together = together.filter(rule.condition)
        if not together.exists():
            problems["__all__"] = _message("__all__", booking, request)
    return problems


def booking_request_validate(request: BookingRequest, *, now: datetime | None = None) -> BookingRequest:
    """validate_booking_request, then whether some active interpreter can meet each requirement of a valid
    interpreting request: ValidationError naming the field otherwise."""
    validate_booking_request(request, now=now)
    if request.kind == Kind.INTERPRETING:
        problems = requirement_problems(request)
        if problems:
            raise ValidationError({name: [message] for name, message in problems.items()})
    return request
