"""What makes a request valid, checked the same way for the portal, the API and the importers."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Kind
from interpreters.models import Gender, Interpreter, Mode, Sector
from languages.models import Language
from organisations.models import Municipality
from organisations.services import municipality_for_postcode

MIN_DURATION_MINUTES = 30
MAX_DURATION_MINUTES = 12 * 60


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
    target_language: Language | None = None
    deadline: datetime | None = None
    word_count: int | None = None
    certified: bool = False
    municipality: Municipality | None = field(default=None, init=False)

    @property
    def ends_at(self) -> datetime | None:
        if self.starts_at is None or self.duration_minutes is None:
            return None
        return self.starts_at.astimezone(UTC) + timedelta(minutes=self.duration_minutes)


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
    if request.kind == Kind.INTERPRETING:
        _validate_interpreting(request, now, error)
    elif request.kind == Kind.TRANSLATION:
        _validate_translation(request, now, error)
    if errors:
        raise ValidationError(errors)
    return request


def _validate_interpreting(request: BookingRequest, now: datetime, error) -> None:
    if request.mode not in Mode.values:
        error("mode", _("Kies ter plaatse, telefonisch of via video."))
    if request.starts_at is None:
        error("starts_at", _("Geef een datum en beginuur."))
    elif request.starts_at <= now:
        error("starts_at", _("Het beginuur ligt in het verleden."))
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
    elif request.deadline <= now:
        error("deadline", _("De deadline ligt in het verleden."))
    if request.word_count is not None and request.word_count < 1:
        error("word_count", _("Geef het aantal woorden."))
