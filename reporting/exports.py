"""The downloads of the report pages, for people: labels and names in the reader's language instead of machine
keys, CSV as Belgian Excel opens it (UTF-8 with a BOM, `;` between fields, decimal comma in Dutch and French),
XLSX with typed cells (numbers as numbers, dates as dates).

The `annual_report` command and `GET /api/v1/reports/{year}/` keep the machine rows (reporting/annual.py,
interfaces.md); these functions only change how the pages hand the same rows to a reader.
"""

import csv
import io
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bookings.spreadsheets import spreadsheet_row
from languages.models import Language
from organisations.models import Region
from reporting.models import ServiceIndicator
from reporting.report import MODE_LABELS, SECTOR_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DELIMITER = ";"  # Belgian (and most European) Excel splits on `;`, the comma being the decimal sign
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def _computed_labels() -> dict[str, str]:
    return {
        "unfilled_requests": _("Niet ingevulde aanvragen"),
        "hours_interpreted": _("Getolkte uren"),
        "fill_rate": _("Invullingsgraad (%)"),
        "median_lead_time_hours": _("Mediane termijn tussen aanvraag en start (uur)"),
        "immediate_requests": _("Nu een tolk: aanvragen"),
        "immediate_connected": _("Nu een tolk: verbonden"),
        "immediate_unmet": _("Nu een tolk: niemand gevonden"),
        "immediate_connect_median_seconds": _("Nu een tolk: mediane tijd tot verbinding (s)"),
        "immediate_connect_p90_seconds": _("Nu een tolk: p90 van de tijd tot verbinding (s)"),
    }


def _dimension_labels() -> dict[str, str]:
    return {
        "total": _("Totaal"),
        "region": _("Regio"),
        "language": _("Taal"),
        "mode": _("Modus"),
        "month": _("Maand"),
        "sector": _("Sector"),
        "language_month": _("Taal en maand"),
    }


def report_headers() -> list[str]:
    return [_("Indicator"), _("Indeling"), _("Onderdeel"), _("Waarde")]


def readable_report_rows(rows: list[dict]) -> list[list]:
    """Report rows (indicator, dimension, key, value) as [indicator, dimension, part, value] with every key
    named: region, language, mode, month and sector names, indicator labels (three queries)."""
    indicators = {indicator.code: indicator.label for indicator in ServiceIndicator.objects.all()}
    indicators = _computed_labels() | indicators
    regions = dict(Region.objects.values_list("code", "name"))
    codes = {row["key"] for row in rows if row["dimension"] == "language"}
    languages = {code: language.name for code, language in Language.objects.in_bulk(codes).items()}
    names = {
        "region": regions,
        "language": languages,
        "mode": {code: str(label) for code, label in MODE_LABELS.items()},
        "month": {f"{number:02d}": str(name) for number, name in MONTHS.items()},
        "sector": {code: str(label) for code, label in SECTOR_LABELS.items()},
    }
    dimensions = _dimension_labels()
    return [
        [
            indicators.get(row["indicator"], row["indicator"]),
            dimensions.get(row["dimension"], row["dimension"]),
            names.get(row["dimension"], {}).get(row["key"], row["key"]),
            row["value"],
        ]
        for row in rows
    ]


def _csv_cell(value):
    if isinstance(value, float):
        return number_format(value, use_l10n=True)  # 87,5 in Dutch and French, 87.5 in English
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value


def csv_response(headers: list[str], rows: list[list], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # the BOM: Excel then reads UTF-8 (é, ë, Arabic names) instead of the ANSI code page
    # RFC 4180 line ends: a field holding a carriage return is then quoted, not split
    writer = csv.writer(response, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(spreadsheet_row(_csv_cell(value) for value in row) for row in rows)
    return response


def _xlsx_cell(value):
    if isinstance(value, datetime):  # openpyxl writes no time zone: the local wall-clock time the reader expects
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_response(headers: list[str], rows: list[list], filename: str, title: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(spreadsheet_row(_xlsx_cell(value) for value in row))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
    for letter in "ABC":
        sheet.column_dimensions[letter].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def report_download(rows: list[dict], filename: str, title: str, format: str) -> HttpResponse:
    """The annual report's or the statistics' rows as the reader's CSV or XLSX."""
    readable = readable_report_rows(rows)
    if format == "xlsx":
        return xlsx_response(report_headers(), readable, filename, title)
    return csv_response(report_headers(), readable, filename)
