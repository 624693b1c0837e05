"""Finding a language by what people type: a name in Dutch, French or English, an alias ("Farsi", "Tigrinja",
"Berbers") or the ISO 639-3 code. The booking forms, their suggestions and the search endpoint all use these.

One query on Language.search_text (every term normalized, between bars), the same on PostgreSQL and SQLite.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When

from languages.models import Language
from languages.reference_data import normalize

SUGGESTIONS = 12


def search_languages(text: str, *, limit: int = SUGGESTIONS) -> list[Language]:
    """Active languages whose name or alias matches the text: a whole name first, then names starting with it,
    then words starting with it, then anything containing it; within each, the service's list first."""
    needle = normalize(text)
    if not needle:
        return []
    rank = Case(
        When(search_text__contains=f"|{needle}|", then=Value(0)),
        When(search_text__contains=f"|{needle}", then=Value(1)),
        When(search_text__contains=f" {needle}", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    found = (
        Language.objects.active()
        .filter(search_text__contains=needle)
        .annotate(rank=rank)
        .order_by("rank", "-is_common", Language.name_column(), "code")
    )
    return list(found[:limit])


@dataclass
class Resolution:
    """What a typed language comes to: one language, or none and the candidates to choose from (`ambiguous`:
    each of them has the whole text as a name or alias; else each contains it)."""

    language: Language | None
    candidates: list[Language] = field(default_factory=list)
    ambiguous: bool = False


def resolve_language(text: str) -> Resolution:
    """The one language the text names, in this order: its name in the active language, its code, its name in
    any language, its alias. Several languages with the same alias ("Koerdisch", "Berbers"): none, and those
    as candidates; nothing whole: none, and the languages that contain the text as candidates."""
    needle = normalize(text)
    found = search_languages(text, limit=50)
    whole = [language for language in found if f"|{needle}|" in language.search_text]
    if not whole:
        return Resolution(None, found[:SUGGESTIONS])
    column = Language.name_column()
    for matches in (
        lambda language: normalize(getattr(language, column)) == needle,
        lambda language: language.code == needle,
        lambda language: needle in {normalize(name) for name in (language.name_nl, language.name_fr, language.name_en)},
    ):
        chosen = [language for language in whole if matches(language)]
        if len(chosen) == 1:
            return Resolution(chosen[0])
    if len(whole) == 1:
        return Resolution(whole[0])
    return Resolution(None, whole[:SUGGESTIONS], ambiguous=True)
