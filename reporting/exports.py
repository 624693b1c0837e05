"""Exports of what the pages show: CSV and XLSX of report rows."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from bookings.spreadsheets import spreadsheet_dict, spreadsheet_row
from reporting.annual import COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # RFC 4180 line ends: a field holding a carriage return is then quoted, not split
    writer = csv.DictWriter(response, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(spreadsheet_dict(row) for row in rows)
    return response


def xlsx_response(rows: list[dict], filename: str, title: str) -> HttpResponse:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(spreadsheet_row(row[column] for column in COLUMNS))
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["C"].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
