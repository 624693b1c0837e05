"""The language catalogue as the migrations load it: the living ISO 639-3 languages with Dutch and French
names, the service's list first, no constructed, extinct, ancient, historical or special codes to choose
(pycountry 26 files the ancient ones as historical)."""

import csv

import pycountry
import pytest
from django.utils import translation

from languages.models import Language
from languages.reference_data import COMMON_CSV, normalize, sync_languages

pytestmark = pytest.mark.django_db


def service_list() -> dict[str, dict]:
    with COMMON_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["iso639_3"]: row for row in csv.DictReader(handle)}


def test_every_living_language_is_choosable_and_nothing_else():
    living = {
        language.alpha_3 for language in pycountry.languages if language.type == "L" and language.scope in ("I", "M")
    }
    assert len(living) > 7000
    assert set(Language.objects.active().values_list("code", flat=True)) == living


@pytest.mark.parametrize(
    "code, kind",
    [
        *[(code, "constructed") for code in ("vol", "ina", "epo", "tlh")],
        *[(code, "extinct") for code in ("dlm", "cop")],
        *[(code, "ancient or historical") for code in ("lat", "grc", "san", "ang", "got")],
        *[(code, "special") for code in ("mul", "und", "zxx")],
    ],
)
def test_constructed_extinct_ancient_historical_and_special_codes_stay_but_cannot_be_chosen(code, kind):
    language = Language.objects.get(code=code)  # kept: an old booking may hold it
    assert not language.is_active, f"{code} ({kind}) is choosable"


def test_the_service_list_is_common_and_cornish_is_not_on_it():
    common = set(Language.objects.common().values_list("code", flat=True))
    assert common == set(service_list())
    assert "cor" not in common and Language.objects.get(code="cor").is_active  # living (revived), among the rest


def test_the_service_list_comes_first_each_part_by_its_name_in_the_readers_language():
    with translation.override("fr"):
        codes = list(Language.objects.common().values_list("name_fr", flat=True))
        assert codes == sorted(codes)
    choices = list(Language.objects.for_choices().values_list("is_common", flat=True))
    assert choices == sorted(choices, reverse=True)


def test_the_service_list_has_its_own_dutch_french_and_english_names():
    for code, row in service_list().items():
        language = Language.objects.get(code=code)
        assert (language.name_nl, language.name_fr, language.name_en) == (
            row["name_nl"],
            row["name_fr"],
            row["name_en"],
        )
    dari, pashto = Language.objects.get(code="prs"), Language.objects.get(code="pus")
    assert (pashto.name_nl, pashto.name_fr) == ("Pasjtoe", "Pachto")
    assert (dari.name_nl, dari.name_fr) == ("Dari", "Dari")


def test_the_rest_have_pycountrys_dutch_and_french_names_else_the_iso_name():
    cornish, kabardian = Language.objects.get(code="cor"), Language.objects.get(code="kbd")
    assert (cornish.name_fr, cornish.name_en) == ("Cornique", "Cornish")
    assert Language.objects.get(code="zho").name_nl == "Chinees"  # pycountry's Dutch
    assert kabardian.name_nl == kabardian.name_en == "Kabardian"  # no Dutch in pycountry: the ISO name
    assert Language.objects.get(code="kbd").name_fr == "Kabarde"


def test_names_and_aliases_are_search_terms():
    terms = Language.objects.get(code="tir").search_text
    for typed in ("Tigrinya", "Tigrigna", "Tigrinja", "tir"):
        assert f"|{normalize(typed)}|" in terms


def test_syncing_again_keeps_the_rows_and_the_service_list_staff_chose():
    Language.objects.filter(code="cor").update(is_common=True)
    Language.objects.filter(code="vol").update(is_active=True, search_text="")
    count = Language.objects.count()
    sync_languages(Language)
    assert Language.objects.count() == count
    assert Language.objects.get(code="cor").is_common  # staff's choice kept
    volapuk = Language.objects.get(code="vol")
    assert not volapuk.is_active and "|volapuk|" in volapuk.search_text


def test_normalize_drops_case_accents_and_punctuation():
    assert normalize("  Kurde (Soranî) ") == "kurde sorani"
    assert normalize("Volapük") == "volapuk"
    assert normalize("Centraal-Atlas-Tamazight") == "centraal atlas tamazight"
