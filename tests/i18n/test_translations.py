"""Every interface string exists in French and English, and pages, dates and numbers follow the language."""

import re
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation

from tests.factories import OrganisationFactory, requester

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ("fr", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%\(\w+\)\.\d+f|%%")
IGNORED = [".venv", "tests", "var", "bench", "docs"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(LOCALE / language / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 500
    problems = [f"empty: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if not set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(source + entry.msgid)):
                wrong.append(f"{source!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language):
    """The .mo files are committed so the portal works without gettext: they must not lag behind."""
    po = catalogue(language)
    mo = polib.mofile(LOCALE / language / "LC_MESSAGES" / "django.mo")
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in mo}
    stale = [e.msgid for e in po if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr or e.msgstr_plural.get(0))]
    assert not stale, f"run `make messages`: {len(stale)} entries differ, e.g. {stale[:5]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (apt-get install gettext)")
def test_makemessages_finds_no_untranslated_string(settings, tmp_path, monkeypatch):
    """makemessages on a copy of the catalogues: a new string in the code shows up here untranslated.

    It runs in a folder of links to the project's sources, so the real locale/ is never written.
    """
    for item in Path(settings.BASE_DIR).iterdir():
        if item.name not in {"locale", ".git", *IGNORED} and not item.name.endswith(".egg-info"):
            (tmp_path / item.name).symlink_to(item)
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=list(LANGUAGES), symlinks=True, verbosity=0, no_obsolete=True)
    for language in LANGUAGES:
        po = polib.pofile(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        assert not missing, f"{language}: translate these (makemessages, then locale/{language}): {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("nl", ["Tolk boeken", "Komende afspraken"], []),
        ("fr", ["Réserver un interprète", "Rendez-vous à venir", "Se déconnecter"], ["Tolk boeken"]),
        ("en", ["Book an interpreter", "Upcoming appointments", "Log out"], ["Tolk boeken"]),
    ],
)
def test_the_dashboard_speaks_the_chosen_language(client, language, expected, not_expected):
    client.force_login(requester(OrganisationFactory()))
    response = client.post(reverse("set_language"), {"language": language, "next": "/"}, follow=True)
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    for text in expected:
        assert text in html
    for text in not_expected:
        assert text not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "texts"),
    [("fr", ["Se connecter", "Nom d’utilisateur", "Mot de passe oublié ?"]), ("en", ["Log in", "Username"])],
)
def test_the_login_page_follows_the_browser_language(client, language, texts):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=f"{language}-BE").content.decode()
    for text in texts:
        assert text in html


@pytest.mark.parametrize(
    ("language", "short_date", "long_date", "number"),
    [
        ("nl", "20/01/2026", "dinsdag 20 januari 2026 14:30", "24.426,5"),
        ("fr", "20/01/2026", "mardi 20 janvier 2026 14:30", "24\xa0426,5"),
        ("en", "20/01/2026", "Tuesday 20 January 2026 14:30", "24,426.5"),
    ],
)
def test_dates_times_and_numbers_follow_belgian_usage(language, short_date, long_date, number):
    """One short form whatever the format's name (config/formats/), and the one long form of a day."""
    with translation.override(language):
        for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT"):
            assert formats.date_format(date(2026, 1, 20), name) == short_date
        for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"):
            assert formats.date_format(datetime(2026, 1, 20, 14, 30), name) == f"{short_date} 14:30"
        assert formats.date_format(datetime(2026, 1, 20, 14, 30), "l j F Y H:i") == long_date
        assert formats.number_format(Decimal("24426.5"), decimal_pos=1, force_grouping=True) == number
