"""The rows of the annual report (`annual_report` command, exports, `/api/v1/reports/{year}/`).

Each row is {"indicator", "dimension", "key", "value"}: dimension `total` (key empty), `region` (region
code), `language` (ISO 639-3), `mode` (on_site, phone, video, translation),
`sector` (the sector codes, for `assignments`) or `month` ("01".."12").
Service figures keep their indicator codes; `assignments` and `late_cancellations` (and the other
figures below) come from the bookings. A year without any data gives no rows.
"""

from interpreters.models import Sector
from organisations.models import Region
from reporting.immediate import immediate_report_rows, immediate_rows
from reporting.models import ServiceFigure, ServiceIndicator
from reporting.selectors import YEARS, BookingFigures, booking_figures, bookings_in_period, year_period

COLUMNS = ["indicator", "dimension", "key", "value"]
MONTHS = [f"{month:02d}" for month in range(1, 13)]


def _row(indicator: str, dimension: str, key: str, value) -> dict:
    return {"indicator": indicator, "dimension": dimension, "key": key, "value": value}


def computed_rows(figures: BookingFigures, region_codes: list[str]) -> dict[str, list[dict]]:
    """The report rows computed from the bookings, per indicator code."""
    if figures.is_empty:
        return {}
    assignments = [_row("assignments", "total", "", figures.assignments)]
    assignments += [_row("assignments", "region", code, figures.by_region.get(code, 0)) for code in region_codes]
    assignments += [_row("assignments", "language", code, n) for code, n in figures.by_language.items()]
    assignments += [_row("assignments", "mode", code, n) for code, n in figures.by_mode.items()]
    assignments += [_row("assignments", "sector", code, figures.by_sector.get(code, 0)) for code in Sector.values]
    assignments += [_row("assignments", "month", month, figures.by_month.get(month, 0)) for month in MONTHS]
    late = [_row("late_cancellations", "total", "", figures.late_cancellations)]
    late += [
        _row("late_cancellations", "region", code, figures.late_cancellations_by_region.get(code, 0))
        for code in region_codes
    ]
    unfilled = [_row("unfilled_requests", "total", "", figures.unfilled)]
    unfilled += [_row("unfilled_requests", "region", code, n) for code, n in figures.unfilled_by_region.items()]
    unfilled += [_row("unfilled_requests", "language", code, n) for code, n in figures.unfilled_by_language.items()]
    rows = {"assignments": assignments, "late_cancellations": late, "unfilled_requests": unfilled}
    rows["hours_interpreted"] = [_row("hours_interpreted", "total", "", figures.hours_interpreted)]
    if figures.fill_rate is not None:
        rows["fill_rate"] = [_row("fill_rate", "total", "", figures.fill_rate)]
    if figures.median_lead_time_hours is not None:
        rows["median_lead_time_hours"] = [_row("median_lead_time_hours", "total", "", figures.median_lead_time_hours)]
    return rows


def service_figure_rows(year: int) -> dict[str, list[dict]]:
    """The entered or imported figures of `year` per indicator code, total first, then per region."""
    rows: dict[str, list[dict]] = {}
    figures = (
        ServiceFigure.objects.filter(year=year, indicator__computed=False)
        .select_related("indicator", "region")
        .order_by("indicator__display_order", "indicator__code", "region__code")
    )
    for figure in figures:
        dimension, key = ("region", figure.region.code) if figure.region_id else ("total", "")
        rows.setdefault(figure.indicator.code, []).append(_row(figure.indicator.code, dimension, key, figure.value))
    for indicator_rows in rows.values():
        indicator_rows.sort(key=lambda row: row["dimension"] != "total")
    return rows


def annual_report_rows(year: int) -> list[dict]:
    """All rows of the annual report of `year`, in the order of the published report."""
    if year not in YEARS:
        return []
    start, end = year_period(year)
    region_codes = list(Region.objects.order_by("code").values_list("code", flat=True))
    per_indicator = service_figure_rows(year) | computed_rows(booking_figures(start=start, end=end), region_codes)
    order = list(ServiceIndicator.objects.values_list("code", flat=True))  # display order
    codes = [code for code in order if code in per_indicator] + [code for code in per_indicator if code not in order]
    immediate = immediate_report_rows(immediate_rows(bookings_in_period(start, end)))  # “Nu een tolk”, apart
    return [row for code in codes for row in per_indicator[code]] + immediate
