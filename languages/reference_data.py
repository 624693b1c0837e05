"""The ISO 639-3 catalogue from pycountry, with the project's list of commonly requested languages.

Active by default: the commonly requested languages (data/languages.csv) and every language with an
ISO 639-1 code. Staff can activate any other language of the catalogue, and deactivate any.
"""

import csv
import gettext
from pathlib import Path

import pycountry

COMMON_CSV = Path(__file__).resolve().parent / "data" / "languages.csv"


def read_common_languages() -> dict[str, dict]:
    with COMMON_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["iso639_3"]: row for row in csv.DictReader(handle)}


def _translator(lang: str):
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True).gettext


def catalogue_rows() -> list[dict]:
    common = read_common_languages()
    to_nl, to_fr = _translator("nl"), _translator("fr")
    rows = []
    for language in pycountry.languages:
        code = language.alpha_3
        name_en = language.name
        own = common.get(code)
        rows.append(
            {
                "code": code,
                "name_en": own["name_en"] if own else name_en,
                "name_nl": own["name_nl"] if own else to_nl(name_en),
                "name_fr": to_fr(name_en),
                "is_common": own is not None,
                "is_active": own is not None or hasattr(language, "alpha_2"),
            }
        )
    return rows


def load_languages(language_model) -> None:
    """Idempotent: adds the languages that are missing, keeps staff's choices on existing ones."""
    existing = set(language_model.objects.values_list("code", flat=True))
    language_model.objects.bulk_create(
        [language_model(**row) for row in catalogue_rows() if row["code"] not in existing], batch_size=1000
    )
