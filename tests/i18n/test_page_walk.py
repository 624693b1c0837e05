"""Every role's pages (tests/validators/portal_pages.py) in Dutch, French and English: no Dutch text on a French or
English page, and one date format per language (config/formats/): every date in the visible text is the short
form 03/12/2026 (with 14:30 after it for a moment) or the one long form "dinsdag 8 december 2026", in the page's
language; numbers carry that language's decimal mark. Values of form fields are not text on the page."""

import re
from functools import cache
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.utils import dates, translation

from bookings.models import Booking, Status, StatusChange
from bookings.notes import Note, note_fields
from matching.rounds import booking_escalate
from tests.i18n.test_translations import catalogue
from tests.validators.portal_pages import LANGUAGES, portal_roles

pytestmark = pytest.mark.django_db


SKIPPED = {"script", "style", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text nodes a reader sees, leaving out scripts, typed text (textarea) and anything marked as being in
    another language (the language switcher's "Nederlands", a language's own name)."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        lang = (attributes.get("lang") or "").split("-")[0]
        skipped = (
            (self.stack and self.stack[-1]) or tag in SKIPPED or (lang and lang != self.language and tag != "html")
        )
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            text = " ".join(data.split())
            if text:
                self.texts.append(text)


def visible_texts(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


@cache
def dutch_sentences() -> tuple[re.Pattern, ...]:
    """Dutch interface text that French and English both translate differently: whole strings without
    placeholders, and the literal stretches (three words or more) of those with placeholders."""
    fr, en = catalogue("fr"), catalogue("en")
    translated = {e.msgid: e.msgstr for e in fr.translated_entries()}
    english = {e.msgid: e.msgstr for e in en.translated_entries()}
    patterns = []
    for entry in fr.translated_entries():
        msgid = entry.msgid
        if translated.get(entry.msgid) in (None, entry.msgid) or english.get(entry.msgid) in (None, entry.msgid):
            continue  # the same word in every language (a name, "Status", "Video")
        for stretch in re.split(r"%\(\w+\)[sdf]|%\(\w+\)\.\d+f|\{[^}]*\}|<[^>]*>", msgid):
            stretch = " ".join(stretch.split()).strip(" :,.;·()")
            if len(stretch.split()) >= 3 or (stretch == " ".join(msgid.split()) and len(stretch) >= 6):
                patterns.append(stretch)
    unique = sorted(set(patterns), key=len, reverse=True)
    return tuple(re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in unique)


def dutch_found(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for pattern in dutch_sentences():
            if pattern.search(text):
                found.append(f"{pattern.pattern!r} in {text!r}")
                break
    return found


@cache
def month_and_day_names(language: str) -> tuple[set[str], set[str]]:
    with translation.override(language):
        months = {str(m).lower() for table in (dates.MONTHS, dates.MONTHS_3, dates.MONTHS_AP) for m in table.values()}
        days = {str(d).lower() for table in (dates.WEEKDAYS, dates.WEEKDAYS_ABBR) for d in table.values()}
    return {m.rstrip(".") for m in months}, days


def all_month_names() -> str:
    names = set()
    for language in LANGUAGES:
        names |= month_and_day_names(language)[0]
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


NUMERIC_DATE = re.compile(r"(?<![\w/.\-])\d{1,4}([/.\-])\d{1,2}\1\d{2,4}(?![\w/\-]|\.\d)")
SHORT = re.compile(r"\d{2}/\d{2}/\d{4}")
DAY_MONTH = re.compile(r"(?<![\w/.,])\d{1,2}/\d{1,2}(?![\w/]|[.,]\d)")
CLOCK = re.compile(r"(?<![\w:])\d{1,2}(?:[hu]\d{2}|:\d{2}\s?[ap]\.?m\.?)(?!\w)", re.I)


def date_problems(texts: list[str], language: str) -> list[str]:
    months, days = month_and_day_names(language)
    wanted_months = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    long_form = re.compile(
        rf"(?i)(?:{'|'.join(re.escape(d) for d in days)}) \d{{1,2}} (?:{wanted_months}) \d{{4}}(?!\d)"
    )
    names = all_month_names()
    textual = re.compile(
        rf"(?i)(?<!\w)(?:\d{{1,2}}\.? (?:{names})\.?(?: \d{{4}})?|(?:{names})\.? \d{{1,2}}(?:, \d{{4}})?)(?!\w)"
    )
    problems = []
    for text in texts:
        for found in NUMERIC_DATE.finditer(text):
            if not SHORT.fullmatch(found.group()):
                problems.append(f"{found.group()!r} in {text!r}")
        for found in DAY_MONTH.finditer(text):
            problems.append(f"{found.group()!r} (no year) in {text!r}")
        for found in CLOCK.finditer(text):
            problems.append(f"{found.group()!r} (not 14:30) in {text!r}")
        rest = long_form.sub("", text)
        for found in textual.finditer(rest):
            problems.append(f"{found.group()!r} (not the long form) in {text!r}")
    return problems


def number_problems(texts: list[str], language: str) -> list[str]:
    """A decimal point on a Dutch or French page (0.0 uur), a decimal comma on an English one."""
    wrong = re.compile(r"(?<![\w.,/:])\d+\.\d{1,2}(?![\w.,/])") if language in ("nl", "fr") else None
    if language == "en":
        wrong = re.compile(r"(?<![\w.,/:])\d+,\d{1,2}(?![\w.,/])")
    return [f"{found.group()!r} in {text!r}" for text in texts for found in wrong.finditer(text)]


def portal_roles_with_history():
    """portal_roles(), with history lines the system wrote as codes (a round, an escalation)."""
    roles = portal_roles()
    for booking in Booking.objects.filter(status__in=[Status.SUBMITTED, Status.CONFIRMED])[:3]:
        # a history line the system wrote, as on every booking that was matched
        StatusChange.objects.create(
            booking=booking,
            from_status=booking.status,
            to_status=booking.status,
            **note_fields(Note("round_offered", {"number": 1, "names": "An Peeters"})),
        )
    for booking in Booking.objects.filter(status=Status.UNFILLED):
        booking_escalate(booking=booking, reason=Note("no_candidate"), now=booking.created_at)
    return roles


def walk():
    """(role, language, url, visible texts) for every page of every role."""
    for role in portal_roles_with_history():
        for language in LANGUAGES:
            client = Client()
            if role.user is not None:
                client.force_login(role.user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for url in role.urls:
                response = client.get(url)
                assert response.status_code == 200, (role.name, language, url, response.status_code)
                yield role.name, language, url, visible_texts(response.content.decode(), language)


def test_no_dutch_on_french_or_english_pages_and_one_date_format_per_language():
    problems = []
    for role, language, url, texts in walk():
        where = f"{role} {language} {url}"
        if language != "nl":
            problems += [f"{where}: Dutch {p}" for p in dutch_found(texts)]
        problems += [f"{where}: date {p}" for p in date_problems(texts, language)]
        problems += [f"{where}: number {p}" for p in number_problems(texts, language)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("language", "text", "wrong"),
    [
        ("nl", "Op 03/12/2026 om 14:30, dinsdag 8 december 2026", False),
        ("nl", "3 Dec 2026", True),
        ("nl", "13-01-2027", True),
        ("nl", "dinsdag 8 december", True),
        ("nl", "8 déc. 2026", True),
        ("fr", "mardi 8 décembre 2026", False),
        ("fr", "dinsdag 8 december 2026", True),
        ("en", "3/12", True),
        ("en", "2026-12-03", True),
        ("nl", "om 14u30", True),
    ],
)
def test_the_date_check_tells_one_format_from_the_mix(language, text, wrong):
    assert bool(date_problems([text], language)) is wrong


def test_the_checks_find_dutch_text_and_a_wrong_decimal_mark():
    assert dutch_found(["Geen actieve tolk voor deze taal"])
    assert not dutch_found(["Pas d'interprète actif pour cette langue"])
    assert number_problems(["0.0 uur"], "nl") and not number_problems(["1.020 en 0,5 uur"], "nl")
    assert number_problems(["0,5 hours"], "en") and not number_problems(["1,020 and 0.5 hours"], "en")
