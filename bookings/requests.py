"""What makes a request valid, checked the same way for the portal, the API and the importers."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Kind
from interpreters.models import Gender, Interpreter, Level, Mode, Sector
from languages.models import Language
from organisations.models import Municipality
from organisations.services import municipality_for_postcode

MIN_DURATION_MINUTES = 30
MAX_DURATION_MINUTES = 12 * 60
MAX_WORD_COUNT = 10**7
# The longest text each field takes, in the portal's form, the API and the service alike.
TEXT_LIMITS = {
    "address": 200,
    "contact_on_site": 200,
    "notes": 5000,
    "client_name": 100,
    "requester_reference": 100,
    "exclusion_reason": 300,
    "variety_text": 100,
    "connection_details": 300,
    "address_2": 200,
    "connection_details_2": 300,
    "address_3": 200,
    "connection_details_3": 300,
}


def booking_horizon(now: datetime) -> datetime:
    """The latest start or deadline a request may ask for (TOLK_BOOKING_HORIZON_DAYS ahead)."""
    return now + timedelta(days=settings.TOLK_BOOKING_HORIZON_DAYS)


@dataclass
class BookingRequest:
    """A request as typed by a requester, before it becomes a Booking."""

    kind: str
    language: Language | None
    starts_at: datetime | None = None
    mode: str = ""
    duration_minutes: int | None = None
    postcode: str = ""
    address: str = ""
    contact_on_site: str = ""
    sector: str = Sector.ANDERE
    gender_preference: str = ""
    gender_required: bool = False
    preferred_interpreter: Interpreter | None = None
    notes: str = ""
    client_name: str = ""  # personal data: requester and assigned interpreter only; removed after retention
    requester_reference: str = ""  # the requester's own case number or cost centre: statements and exports
    target_language: Language | None = None
    deadline: datetime | None = None
    word_count: int | None = None
    certified: bool = False
    # requirements and wishes (matching/wishes.py); gender_* and preferred_interpreter above are two of them
    preferred_required: bool = False
    excluded_interpreter: Interpreter | None = None
    exclusion_reason: str = ""
    variety_text: str = ""
    variety: Language | None = None
    variety_required: bool = False
    min_level: str = ""
    min_level_required: bool = False
    # ranked modes (matching/ranked_modes.py): `mode` first, then mode_2 and mode_3, each with its own place/link
    connection_details: str = ""
    mode_2: str = ""
    postcode_2: str = ""
    address_2: str = ""
    connection_details_2: str = ""
    mode_3: str = ""
    postcode_3: str = ""
    address_3: str = ""
    connection_details_3: str = ""
    immediate: bool = False  # "Nu een tolk": phone or video, starting now (immediate_request_prepare)
    municipality: Municipality | None = field(default=None, init=False)
    alternative_municipalities: dict = field(default_factory=dict, init=False)

    @property
    def alternatives(self) -> list[dict]:
        """The second and third mode as BookingModeOption fields (empty when only one mode is asked)."""
        options = []
        for n in (2, 3):
            mode = getattr(self, f"mode_{n}")
            if mode:
                options.append(
                    {
                        "mode": mode,
                        "postcode": (getattr(self, f"postcode_{n}") or "").strip() if mode == Mode.ON_SITE else "",
                        "municipality": self.alternative_municipalities.get(n) if mode == Mode.ON_SITE else None,
                        "address": getattr(self, f"address_{n}") if mode == Mode.ON_SITE else "",
                        "connection_details": getattr(self, f"connection_details_{n}") if mode != Mode.ON_SITE else "",
                    }
                )
        return options

    @property
    def ends_at(self) -> datetime | None:
        if self.starts_at is None or self.duration_minutes is None:
            return None
        return self.starts_at.astimezone(UTC) + timedelta(minutes=self.duration_minutes)


def immediate_request_prepare(request: BookingRequest, *, now: datetime) -> BookingRequest:
    """An immediate job starts now, by phone or video, lasting TOLK_IMMEDIATE_MINUTES unless asked otherwise;
    a start time, an on-site place or other modes are errors. Raises ValidationError per field."""
    errors = {}
    if request.kind != Kind.INTERPRETING:
        errors["kind"] = [_("Nu een tolk is er alleen voor tolken, niet voor vertalingen.")]
    if request.mode not in (Mode.PHONE, Mode.VIDEO):
        errors["mode"] = [_("Nu een tolk gaat telefonisch of via video.")]
    if request.starts_at is not None:
        errors["starts_at"] = [_("Nu een tolk begint meteen: laat het beginuur weg.")]
    for n in (2, 3):
        if getattr(request, f"mode_{n}"):
            errors[f"mode_{n}"] = [_("Nu een tolk heeft maar één modus.")]
    if errors:
        raise ValidationError(errors)
    request.starts_at = now
    if request.duration_minutes is None:
        request.duration_minutes = settings.TOLK_IMMEDIATE_MINUTES
    return request


def validate_booking_request(request: BookingRequest, *, now: datetime | None = None) -> BookingRequest:
    """Raises ValidationError with an error per field; on success fills in the municipality."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if request.kind not in Kind.values:
        error("kind", _("Kies een tolkopdracht of een vertaling."))
    if request.language is None or not request.language.is_active:
        error("language", _("Kies een taal uit de lijst."))
    if request.sector not in Sector.values:
        error("sector", _("Kies een sector uit de lijst."))
    if request.gender_preference and request.gender_preference not in Gender.values:
        error("gender_preference", _("Kies een geldige voorkeur."))
    _validate_text_lengths(request, error)
    if request.kind == Kind.INTERPRETING:
        _validate_interpreting(request, now, error)
    elif request.kind == Kind.TRANSLATION:
        _validate_translation(request, now, error)
    if request.kind == Kind.INTERPRETING:
        _validate_requirements(request, error)
    if errors:
        raise ValidationError(errors)
    return request


def _validate_text_lengths(request: BookingRequest, error) -> None:
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(request, name) or "") > limit:
            error(name, _("Hoogstens %(max)d tekens.") % {"max": limit})


def _validate_when(name: str, value: datetime, now: datetime, error) -> None:
    """In the future, and not past the horizon (far-off years are typing errors and overflow date arithmetic)."""
    if value <= now:
        past = (
            _("Het beginuur ligt in het verleden.") if name == "starts_at" else _("De deadline ligt in het verleden.")
        )
        error(name, past)
    elif value > booking_horizon(now):
        days = settings.TOLK_BOOKING_HORIZON_DAYS
        error(name, _("Boek hoogstens %(days)d dagen vooruit.") % {"days": days})


def _validate_requirements(request: BookingRequest, error) -> None:
    """Requirements and wishes that contradict themselves, and the ranked modes."""
    named, excluded = request.preferred_interpreter, request.excluded_interpreter
    if named is not None and excluded is not None and named.pk == excluded.pk:
        error("excluded_interpreter", _("Dezelfde tolk kan niet gevraagd én uitgesloten zijn."))
    if request.preferred_required and named is None:
        error("preferred_interpreter", _("Kies de tolk die je vereist."))
    if request.variety is not None and request.language is not None and request.variety.pk == request.language.pk:
        error("variety", _("Kies een variant van de taal (bv. ary voor Marokkaans Arabisch), niet de taal zelf."))
    if request.variety_required and request.variety is None:
        error("variety", _("Een vereiste variant heeft een ISO 639-3-code nodig (bv. ary voor Marokkaans Arabisch)."))
    if request.min_level and request.min_level not in (Level.SWORN, Level.CERTIFIED, Level.TRAINED):
        error("min_level", _("Kies beëdigd, gecertificeerd of opgeleid."))
    if request.min_level_required and not request.min_level:
        error("min_level", _("Kies het niveau dat je vereist."))
    _validate_alternative_modes(request, error)


def _validate_alternative_modes(request: BookingRequest, error) -> None:
    seen = [request.mode]
    for n in (2, 3):
        mode = getattr(request, f"mode_{n}")
        if not mode:
            continue
        if mode not in Mode.values:
            error(f"mode_{n}", _("Kies ter plaatse, telefonisch of via video."))
            continue
        if n == 3 and not request.mode_2:
            error("mode_3", _("Kies eerst een tweede modus."))
        if mode in seen:
            error(f"mode_{n}", _("Elke modus komt maar één keer voor."))
        seen.append(mode)
        if mode != Mode.ON_SITE:
            continue
        postcode = (getattr(request, f"postcode_{n}") or "").strip()
        municipality = municipality_for_postcode(postcode) if postcode else None
        if municipality is None:
            error(f"postcode_{n}", _("Een opdracht ter plaatse heeft een postcode in Vlaanderen of Brussel nodig."))
        request.alternative_municipalities[n] = municipality
        if not (getattr(request, f"address_{n}") or "").strip():
            error(f"address_{n}", _("Een opdracht ter plaatse heeft een adres nodig."))


def _validate_interpreting(request: BookingRequest, now: datetime, error) -> None:
    if request.mode not in Mode.values:
        error("mode", _("Kies ter plaatse, telefonisch of via video."))
    if request.starts_at is None:
        error("starts_at", _("Geef een datum en beginuur."))
    elif not request.immediate:  # an immediate job starts now (immediate_request_prepare)
        _validate_when("starts_at", request.starts_at, now, error)
    if request.duration_minutes is None:
        error("duration_minutes", _("Geef de verwachte duur."))
    elif request.duration_minutes < MIN_DURATION_MINUTES:
        error("duration_minutes", _("Een opdracht duurt minstens %(min)d minuten.") % {"min": MIN_DURATION_MINUTES})
    elif request.duration_minutes > MAX_DURATION_MINUTES:
        error("duration_minutes", _("Een opdracht duurt hoogstens %(max)d uur.") % {"max": MAX_DURATION_MINUTES // 60})
    if request.language is not None and request.language.code == "nld":
        error("language", _("Nederlands is de andere kant van elke tolkopdracht: kies de taal van de cliënt."))
    request.postcode = (request.postcode or "").strip()
    if request.mode == Mode.ON_SITE:
        if not request.postcode:
            error("postcode", _("Een opdracht ter plaatse heeft een postcode nodig."))
        else:
            request.municipality = municipality_for_postcode(request.postcode)
            if request.municipality is None:
                error("postcode", _("Onbekende postcode in Vlaanderen of Brussel: %(pc)s") % {"pc": request.postcode})
        if not (request.address or "").strip():
            error("address", _("Een opdracht ter plaatse heeft een adres nodig."))
    elif request.postcode:
        request.municipality = municipality_for_postcode(request.postcode)


def _validate_translation(request: BookingRequest, now: datetime, error) -> None:
    if request.target_language is None or not request.target_language.is_active:
        error("target_language", _("Kies een doeltaal uit de lijst."))
    elif request.language is not None and request.target_language.code == request.language.code:
        error("target_language", _("De doeltaal verschilt van de brontaal."))
    if request.deadline is None:
        error("deadline", _("Geef een deadline."))
    else:
        _validate_when("deadline", request.deadline, now, error)
    if request.word_count is not None and request.word_count < 1:
        error("word_count", _("Geef het aantal woorden."))
    elif request.word_count is not None and request.word_count > MAX_WORD_COUNT:
        error("word_count", _("Hoogstens %(max)d woorden.") % {"max": MAX_WORD_COUNT})
