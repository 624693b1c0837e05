"""The ISO 639-3 catalogue from pycountry, with the service's list of commonly requested languages and the
names people type for a language.

Active (choosable) are the living languages: pycountry's type L (living), individual or macrolanguage. The
constructed (Volapük, Interlingua), extinct, ancient, historical and special codes stay in the table, inactive,
so that an old booking keeps its language and staff can still activate one (a Latin document to translate).

Names: data/languages.csv for the service's list (Dutch, French and English), else pycountry's Dutch and
French translations, else the English (ISO) name. data/aliases.csv: other names people type ("Farsi",
"Tigrinja", "Berbers"), searched together with the names (languages/search.py).
"""

import csv
import gettext
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent / "data"
COMMON_CSV = DATA / "languages.csv"
ALIASES_CSV = DATA / "aliases.csv"
LIVING_TYPE = "L"
LIVING_SCOPES = ("I", "M")  # individual languages and macrolanguages (not the special codes: mis, mul, und, zxx)


def normalize(text: str) -> str:
    """Lower case, without accents or punctuation, single spaces: "Kurde (sorani)" and "kurde  Sorani" alike."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join("".join(char if char.isalnum() else " " for char in plain).split())


def read_common_languages() -> dict[str, dict]:
    with COMMON_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["iso639_3"]: row for row in csv.DictReader(handle)}


def read_aliases() -> dict[str, list[str]]:
    aliases = defaultdict(list)
    with ALIASES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            aliases[row["iso639_3"]].append(row["alias"])
    return aliases


def is_living(language) -> bool:
    return getattr(language, "type", "") == LIVING_TYPE and getattr(language, "scope", "") in LIVING_SCOPES


def _translator(lang: str):
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True).gettext


def search_text(*terms: str) -> str:
    """Every name and alias, normalized, between bars: "|ara|arabe|arabic|arabisch|" (see languages/search.py)."""
    return "|" + "|".join(sorted({normalize(term) for term in terms if normalize(term)})) + "|"


def catalogue_rows() -> list[dict]:
    common, aliases = read_common_languages(), read_aliases()
    to_nl, to_fr = _translator("nl"), _translator("fr")
    rows = []
    for language in pycountry.languages:
        code, iso_name = language.alpha_3, language.name
        own = common.get(code)
        names = (
            {"name_nl": own["name_nl"], "name_fr": own["name_fr"], "name_en": own["name_en"]}
            if own
            else {"name_nl": to_nl(iso_name), "name_fr": to_fr(iso_name), "name_en": iso_name}
        )
        rows.append(
            {
                "code": code,
                **names,
                "is_common": own is not None,
                "is_active": is_living(language),
                "search_text": search_text(code, iso_name, *names.values(), *aliases.get(code, ())),
            }
        )
    return rows


def load_languages(language_model) -> None:
    """The catalogue as the first migrations had it (code, names, common, active): for 0002_load_catalogue."""
    existing = set(language_model.objects.values_list("code", flat=True))
    fields = ("code", "name_nl", "name_fr", "name_en", "is_common", "is_active")
    language_model.objects.bulk_create(
        [
            language_model(**{name: row[name] for name in fields})
            for row in catalogue_rows()
            if row["code"] not in existing
        ],
        batch_size=1000,
    )


def sync_languages(language_model) -> None:
    """Idempotent: adds the missing languages; on the existing ones renews the names and search terms and makes the
    living ones active and the others inactive. Keeps which languages staff marked commonly requested."""
    rows = {row["code"]: row for row in catalogue_rows()}
    existing = {language.code: language for language in language_model.objects.all()}
    changed = []
    for code, language in existing.items():
        row = rows.get(code)
        if row is None:
            continue
        for name in ("name_nl", "name_fr", "name_en", "is_active", "search_text"):
            setattr(language, name, row[name])
        changed.append(language)
    language_model.objects.bulk_update(
        changed, ["name_nl", "name_fr", "name_en", "is_active", "search_text"], batch_size=1000
    )
    language_model.objects.bulk_create(
        [language_model(**row) for code, row in rows.items() if code not in existing], batch_size=1000
    )
