"""A statement as CSV, XLSX and PDF: its lines, then net, VAT and total (the sum of the lines)."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from billing.models import Statement
from billing.services import BRUSSELS
from bookings.spreadsheets import spreadsheet_row

EXEMPTION_TEXT = "Vrijgesteld van btw — art. 44 §2 WBTW"


def exemption_text() -> str:
    return getattr(settings, "BILLING_VAT_EXEMPTION_TEXT", EXEMPTION_TEXT)


@dataclass
class Row:
    reference: str
    day: str
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    amount: Decimal
    reason: str
    your_reference: str  # the requester's own case number or cost centre (Booking.requester_reference)


def plain_quantity(quantity: Decimal) -> Decimal:
    """1.0000 → 1, 0.7500 → 0.75 (never 1E+1)."""
    if quantity == quantity.to_integral_value():
        return quantity.quantize(Decimal(1))
    return quantity.normalize()


def statement_lines(statement: Statement):
    return statement.lines.select_related("booking").order_by("booking__starts_at", "booking_id", "id")


def statement_rows(statement: Statement) -> list[Row]:
    return [
        Row(
            reference=line.booking.reference,
            day=timezone.localtime(line.booking.starts_at, BRUSSELS).date().isoformat(),
            description=line.description,
            quantity=plain_quantity(line.quantity),
            unit_code=line.unit_code,
            unit_price=line.unit_price,
            amount=line.amount,
            reason=line.correction_reason,
            your_reference=line.booking.requester_reference,
        )
        for line in statement_lines(statement)
    ]


HEADER = [
    "reference",
    "date",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "correction_reason",
    "your_reference",
]


def _totals(statement: Statement) -> list[tuple[str, Decimal]]:
    return [
        ("net", statement.net_amount),
        (f"vat {statement.vat_rate}%", statement.vat_amount),
        ("total", statement.total_amount),
    ]


def statement_csv(statement: Statement) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in statement_rows(statement):
        writer.writerow(
            spreadsheet_row(
                [
                    row.reference,
                    row.day,
                    row.description,
                    row.quantity,
                    row.unit_code,
                    row.unit_price,
                    row.amount,
                    row.reason,
                    row.your_reference,
                ]
            )
        )
    for label, value in _totals(statement):
        writer.writerow(spreadsheet_row(["", "", label, "", "", "", value, "", ""]))
    if not statement.vat_rate:
        writer.writerow(spreadsheet_row(["", "", exemption_text(), "", "", "", "", "", ""]))
    return out.getvalue()


def statement_xlsx(statement: Statement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = statement.number[:31]
    sheet.append(HEADER)
    for row in statement_rows(statement):
        sheet.append(
            spreadsheet_row(
                [
                    row.reference,
                    row.day,
                    row.description,
                    float(row.quantity),
                    row.unit_code,
                    float(row.unit_price),
                    row.amount,
                    row.reason,
                    row.your_reference,
                ]
            )
        )
        sheet.cell(row=sheet.max_row, column=7).number_format = "#,##0.00"
    for label, value in _totals(statement):
        sheet.append(spreadsheet_row(["", "", label, None, "", None, value, "", ""]))
        sheet.cell(row=sheet.max_row, column=7).number_format = "#,##0.00"
    if not statement.vat_rate:
        sheet.append(spreadsheet_row(["", "", exemption_text()]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def text_paragraph(text, style) -> Paragraph:
    """A Paragraph of plain text. Paragraph reads its text as markup, so names, reasons and numbers are
    escaped: `O<Brien` stays a name and `<img src=...>` never embeds a file of the server."""
    return Paragraph(escape(str(text)), style)


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _number(value, decimals: int | None = None) -> str:
    """As the reader writes it: 1.020,50 in Dutch, 1 020,50 in French, 1,020.50 in English."""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def statement_pdf(statement: Statement) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title=statement.number)
    owner = statement.organisation or statement.interpreter
    title = _("Afrekening") if statement.organisation else _("Uitbetalingsafrekening (autofacturatie)")
    story = [
        text_paragraph(f"{title} {statement.number}", styles["Title"]),
        text_paragraph(f"{owner} — {_day(statement.period_start)} – {_day(statement.period_end)}", styles["Normal"]),
        Spacer(1, 6 * mm),
    ]
    data = [[_("Boeking"), _("Datum"), _("Omschrijving"), _("Aantal"), _("Prijs"), _("Bedrag")]]
    for row in statement_rows(statement):
        description = row.description + (f" ({row.reason})" if row.reason else "")
        data.append(
            [
                row.reference,
                _day(date.fromisoformat(row.day)),
                text_paragraph(description, small),
                _number(row.quantity),
                _number(row.unit_price, 2),
                _number(row.amount, 2),
            ]
        )
    for label, value in [
        (_("Totaal excl. btw"), statement.net_amount),
        (_("Btw %(rate)s%%") % {"rate": statement.vat_rate}, statement.vat_amount),
        (_("Totaal"), statement.total_amount),
    ]:
        data.append(["", "", label, "", "", _number(value, 2)])
    table = Table(data, colWidths=[28 * mm, 20 * mm, 72 * mm, 18 * mm, 18 * mm, 22 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("LINEABOVE", (0, -3), (-1, -3), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    if not statement.vat_rate:
        story += [Spacer(1, 4 * mm), text_paragraph(exemption_text(), styles["Normal"])]
    story.append(text_paragraph(_("Te betalen op %(day)s") % {"day": _day(statement.due_on)}, styles["Normal"]))
    doc.build(story)
    return out.getvalue()
