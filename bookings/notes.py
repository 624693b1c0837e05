"""The sentences the system writes into a booking's history and reasons, as codes with parameters.

A row stores a code and JSON parameters (`StatusChange.note_code`/`note_params`, `Withdrawal.reason_code`/
`reason_params`); the sentence is rendered when it is shown, through gettext in the reader's language (the page's,
the API request's, the mail recipient's). Text a person typed (a cancellation reason, a withdrawal reason) is a
parameter or the row's free-text field and is shown as typed. A row written before the codes keeps its old text
when no known sentence matched it (migration 0018), and that text is shown as it is.

Parameter values are plain JSON. A value that is itself `{"code", "params"}` is a nested note (the reason inside
"next mode" note, the one-click link inside an accepted offer); the kinds in `Template.kinds` say which values
are rendered rather than shown: `date` (ISO date, shown in the reader's short date format), `mode` (a Mode code,
shown as its label), `late` (a boolean: " (late)" or nothing), `language` (a language's names per interface
language, `language_names`), `level`/`level_lower` and `gender` (codes, shown as labels) and `hours` (a number,
with the reader's decimal mark).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from interpreters.models import Gender, Level, Mode


@dataclass(frozen=True)
class Note:
    """A system sentence to store: its code and its parameters (JSON values, or nested Notes)."""

    code: str
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in NOTES:
            raise KeyError(f"unknown note code {self.code!r}")

    def as_json(self) -> dict:
        return {"code": self.code, "params": {name: _json(value) for name, value in self.params.items()}}

    def __str__(self) -> str:
        return note_render(self.code, self.as_json()["params"])


@dataclass(frozen=True)
class Template:
    text: Promise
    kinds: dict = field(default_factory=dict)


# A code, once stored, keeps its meaning: change a sentence's wording freely, but give a new meaning a new code.
NOTES: dict[str, Template] = {
    # offers and rounds (matching/offers.py, matching/rounds.py, matching/series.py)
    "offer_accepted": Template(_("Aanbod aanvaard door %(name)s")),
    "offer_accepted_via": Template(_("Aanbod aanvaard door %(name)s %(via)s")),
    "offer_declined_via": Template(_("Aanbod geweigerd door %(name)s %(via)s")),
    "oneclick": Template(_("via de link in de mail, vanaf adres %(address)s met browser %(agent)s")),
    "series_accepted": Template(_("Reeks aanvaard door %(name)s (aanbod %(ref)s)")),
    "round_offered": Template(_("Ronde %(number)d: aangeboden aan %(names)s")),
    "round_chosen": Template(
        _("Aanbod door %(user)s aan een gekozen lijst. Ronde %(number)d: aangeboden aan %(names)s")
    ),
    # why nobody was found (matching/rounds.py)
    "no_language_holder": Template(_("Geen actieve tolk voor deze taal")),
    "no_candidate": Template(_("Geen tolk voldoet aan alle voorwaarden")),
    "all_declined": Template(_("Alle kandidaten weigerden of antwoordden niet op tijd")),
    "too_late": Template(_("Te kort voor het begin om nog een tolk te zoeken")),
    "immediate_nobody": Template(_("Niemand aanvaardde binnen %(seconds)d seconden")),
    "not_filled_in_time": Template(_("Niet op tijd ingevuld")),
    # ranked modes, switching (matching/ranked_modes.py, portal/services.py)
    "next_mode": Template(
        _("Volgende gewenste modus: %(old)s → %(new)s (%(reason)s)"), kinds={"old": "mode", "new": "mode"}
    ),
    "switched_remote": Template(_("Omgezet van ter plaatse naar %(mode)s"), kinds={"mode": "mode"}),
    # staff and the interpreter (portal/services.py, portal/views/staff.py, portal/availability.py)
    "assigned_by_planning": Template(_("Toegewezen door de planning")),
    "assigned_override": Template(_("Vereisten overschreven door %(user)s: %(failures)s. Reden: %(reason)s")),
    "assigned_by_planning_override": Template(
        _("Toegewezen door de planning · Vereisten overschreven door %(user)s: %(failures)s. Reden: %(reason)s")
    ),
    "series_split": Template(_("Reeks opgesplitst")),
    "withdrawn": Template(_("%(name)s trok zich terug%(late)s: %(reason)s"), kinds={"late": "late"}),
    "absent": Template(_("Afwezig van %(first)s tot %(last)s"), kinds={"first": "date", "last": "date"}),
    "new_weekly_hours": Template(_("Nieuwe weekuren")),
    "translation_delivered": Template(_("Vertaling geleverd")),
    # the daily certification check (matching/certification.py)
    "certification_lapsing": Template(
        _("het certificaat van %(name)s voor %(language)s is niet meer geldig op de dag van de opdracht"),
        kinds={"language": "language"},
    ),
    # an organisation's exclusion made with a request and no reason typed (portal/services.py)
    "excluded_at_request": Template(_("Uitgesloten bij aanvraag %(ref)s")),
    # why a finished job has no price yet (billing/services.py)
    "no_requester_tariff": Template(_("Geen tarief voor aanvragers op %(day)s"), kinds={"day": "date"}),
    "no_interpreter_tariff": Template(_("Geen tarief voor tolken op %(day)s"), kinds={"day": "date"}),
    "word_count_missing": Template(_("Aantal woorden ontbreekt")),
    # why a candidate stands where it does, kept on each offer (matching/candidates.py reason_notes)
    "reason_preferred": Template(_("Voorkeurstolk van de aanvrager")),
    "reason_wish": Template(_("Wens vervuld: %(wish)s")),
    "reason_level": Template(_("Niveau: %(level)s"), kinds={"level": "level"}),
    "reason_distance": Template(_("Afstand: %(km).0f km")),
    "reason_remote": Template(_("Op afstand: geen verplaatsing")),
    "reason_hours": Template(_("%(hours)s uur gewerkt in de laatste 30 dagen"), kinds={"hours": "hours"}),
    # a wish of the request (matching/wishes.py), inside reason_wish
    "wish_gender": Template(_("Geslacht: %(gender)s"), kinds={"gender": "gender"}),
    "wish_variety": Template(_("Variant: %(variety)s")),
    "wish_level": Template(_("Minstens %(level)s"), kinds={"level": "level_lower"}),
    # history that came from elsewhere (reporting/assignment_import.py, demo/history.py)
    "imported": Template(_("geïmporteerd")),
    "history_2017": Template(_("historiek 2017")),
}


def _json(value):
    if isinstance(value, Note):
        return value.as_json()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    return value


def _param(value, kind: str | None):
    if isinstance(value, dict) and set(value) == {"code", "params"}:
        return note_render(value["code"], value["params"])
    if kind == "date" and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if kind == "late":
        return gettext(" (laat)") if value else ""
    if kind == "language" and isinstance(value, dict):
        return value.get((get_language() or "nl")[:2]) or value.get("nl", "")
    if kind == "mode":
        return str(Mode(value).label).lower() if value in Mode.values else value
    if kind in ("level", "level_lower") and value in Level.values:
        label = str(Level(value).label)
        return label.lower() if kind == "level_lower" else label
    if kind == "gender" and value in Gender.values:
        return str(Gender(value).label).lower()
    if kind == "hours" and isinstance(value, int | float):
        return number_format(value, decimal_pos=1)
    return value


def language_names(language) -> dict:
    """A language's name in each interface language, for a `language` parameter (rendered without a query)."""
    return {"nl": language.name_nl, "fr": language.name_fr, "en": language.name_en}


def note_render(code: str, params: dict | None) -> str:
    """The sentence of `code` in the active language; "" for an unknown code (the caller shows its old text)."""
    template = NOTES.get(code)
    if template is None:
        return ""
    values = {name: _param(value, template.kinds.get(name)) for name, value in (params or {}).items()}
    text = str(template.text)  # lazy: translated now, in the active language
    try:
        return capfirst(text % values)
    except (KeyError, TypeError, ValueError):
        return capfirst(text)


def notes_render(items) -> list[str]:
    """A list of stored notes (`{"code", "params"}`) in the active language; plain text (stored before the codes)
    is shown as it is."""
    return [note_render(item["code"], item["params"]) if isinstance(item, dict) else item for item in items or []]


def note_fields(note, prefix: str = "note", typed: str = "") -> dict:
    """The model fields for `note`: a Note becomes code and parameters; a str is free text, stored as typed (as
    is `typed`, text a person added to the system's Note)."""
    if isinstance(note, Note):
        stored = note.as_json()
        return {f"{prefix}_code": stored["code"], f"{prefix}_params": stored["params"], prefix: typed}
    return {prefix: " · ".join(part for part in (note, typed) if part)}
