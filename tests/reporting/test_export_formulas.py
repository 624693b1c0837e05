"""The report exports (CSV, XLSX) write text that looks like a formula as plain text; numbers stay numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from bookings.spreadsheets import spreadsheet_cell
from reporting.exports import csv_response, xlsx_response
from tests.security.test_hostile_input_files import FORMULAS

HEADERS = ["indicator", "dimension", "key", "value"]


def rows():
    return [["assignments", "sector", payload, -3] for payload in FORMULAS]


def test_report_csv_writes_formulas_as_text_and_numbers_as_numbers():
    content = csv_response(HEADERS, rows(), "report").content.decode("utf-8-sig")
    parsed = list(csv.DictReader(io.StringIO(content, newline=""), delimiter=";"))

    assert [row["key"] for row in parsed] == ["'" + payload for payload in FORMULAS]
    assert {row["value"] for row in parsed} == {"-3"}


def test_report_xlsx_writes_formulas_as_text_and_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_response(HEADERS, rows(), "report", "Report").content)).active
    cells = list(sheet.iter_rows(min_row=2))

    # openpyxl's standard-library XML parser reads a carriage return back as a newline, its lxml one keeps it
    read_back = [row[2].value.replace("\r", "\n") for row in cells]
    assert read_back == ["'" + payload.replace("\r", "\n") for payload in FORMULAS]
    assert {row[2].data_type for row in cells} == {"s"}
    assert {row[3].value for row in cells} == {-3}


@pytest.mark.parametrize("value", ["Antwerpen", "", None, 12, -3.5, "a=b", "'=already"])
def test_harmless_cells_are_left_as_they_are(value):
    assert spreadsheet_cell(value) == value
