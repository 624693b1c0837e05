"""The annual report printed to PDF in Chromium shows every figure of the page: each card's total and each row
of its region table, read back from the PDF with pdftotext (poppler-utils), within the card it belongs to."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from tests.e2e.conftest import check_page, login
from tests.factories import StaffFactory
from tests.validators.portal_pages import REPORT_YEAR, annual_report_data

pytestmark = [pytest.mark.browser, pytest.mark.validators, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# What the page shows per card, read in print media: the title, the total and the region rows.
CARDS = """() => [...document.querySelectorAll(".tp-figure")].map((card) => ({
  title: card.querySelector("h2").innerText.trim(),
  total: card.querySelector(".tp-figure-value").innerText.trim(),
  rows: [...card.querySelectorAll("tr")].map((row) => row.innerText.replace(/\\s+/g, " ").trim()),
}))"""


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_printed_annual_report_shows_every_figure_of_the_page(new_page, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.fail("needs pdftotext (apt-get install poppler-utils, as .ci/run does)")
    annual_report_data()
    staff = StaffFactory(username="rapport")
    page = new_page()
    login(page, staff.username)
    page.goto(reverse("reporting:annual", args=[REPORT_YEAR]))
    check_page(page, "staff-annual-report-2017")
    page.emulate_media(media="print")
    cards = page.evaluate(CARDS)
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    assert sum(len(card["rows"]) for card in cards) >= 6, "the report has region tables to print"
    lines = [words(line) for line in text.splitlines() if line.strip()]
    cursor = 0
    for number, card in enumerate(cards):
        title = find(lines, words(card["title"]), cursor, f"the title of card {card['title']!r}")
        following = [words(later["title"]) for later in cards[number + 1 :]] or [None]
        end = find(lines, following[0], title + 1, "the next card") if following[0] else len(lines)
        assert any(words(card["total"]) in line for line in lines[cursor:title]), f"the total of {card['title']!r}"
        for row in card["rows"]:  # each row on one line, between its card's title and the next card's
            find(lines[:end], words(row), title + 1, f"{row!r} of card {card['title']!r}")
        cursor = title + 1


def find(lines: list[str], wanted: str, start: int, what: str) -> int:
    for index in range(start, len(lines)):
        if wanted in lines[index]:
            return index
    raise AssertionError(f"{what} is not where it belongs in the printed report")
