"""What the annual report and statistics pages show, gathered in a fixed handful of queries."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from interpreters.models import Mode, Sector
from languages.models import Language
from organisations.models import Region
from reporting.charts import bar_chart, column_chart
from reporting.immediate import ImmediateRow, immediate_report_rows, immediate_rows
from reporting.models import ServiceFigure, ServiceIndicator
from reporting.selectors import (
    TRANSLATION,
    BookingFigures,
    assignments_count,
    booking_figures,
    bookings_in_period,
    year_period,
)

MONTH_LABELS = [
    _("jan"),
    _("feb"),
    _("mrt"),
    _("apr"),
    _("mei"),
    _("jun"),
    _("jul"),
    _("aug"),
    _("sep"),
    _("okt"),
    _("nov"),
    _("dec"),
]
MODE_LABELS = dict(Mode.choices) | {TRANSLATION: _("Vertaling")}
SECTOR_LABELS = dict(Sector.choices)
TOP_LANGUAGES = 12


@dataclass
class FigureCard:
    indicator: ServiceIndicator
    total: int | float | None
    previous: int | float | None = None
    regions: list[tuple[Region, int]] = field(default_factory=list)
    published: int | None = None  # for a computed figure: the value entered or imported, if any

    @property
    def change(self) -> float | None:
        if self.total is None or not self.previous:
            return None
        return round(100 * (self.total - self.previous) / self.previous, 1)

    @property
    def region_chart(self) -> dict | None:
        return bar_chart([(region.name, value) for region, value in self.regions]) if self.regions else None


def _language_names(*code_lists) -> dict[str, str]:
    codes = {code for codes in code_lists for code in codes}
    return {code: language.name for code, language in Language.objects.in_bulk(codes).items()}


def booking_charts(figures: BookingFigures, regions: list[Region]) -> dict:
    """The charts of the bookings: per region, month, top languages, mode and sector."""
    names = _language_names(list(figures.by_language)[:TOP_LANGUAGES], figures.unfilled_by_language)
    region_names = {region.code: region.name for region in regions}
    return {
        "region": bar_chart([(region.name, figures.by_region.get(region.code, 0)) for region in regions]),
        "month": column_chart(
            [(str(label), figures.by_month.get(f"{index:02d}", 0)) for index, label in enumerate(MONTH_LABELS, 1)]
        ),
        "language": bar_chart(
            [(names.get(code, code), n) for code, n in list(figures.by_language.items())[:TOP_LANGUAGES]]
        ),
        "mode": bar_chart([(str(MODE_LABELS.get(code, code)), n) for code, n in figures.by_mode.items()]),
        "sector": bar_chart([(str(SECTOR_LABELS.get(code, code)), n) for code, n in figures.by_sector.items()]),
        "unfilled_language": bar_chart(
            [(names.get(code, code), n) for code, n in list(figures.unfilled_by_language.items())[:TOP_LANGUAGES]]
        ),
        "unfilled_region": bar_chart(
            [(region_names.get(code, code), n) for code, n in figures.unfilled_by_region.items()]
        ),
    }


def annual_report(year: int) -> dict:
    """The annual report page of `year`, compared with the year before."""
    regions = list(Region.objects.order_by("code"))
    indicators = list(ServiceIndicator.objects.all())
    values: dict[tuple[int, int, int | None], int] = {
        (y, indicator_id, region_id): value
        for y, indicator_id, region_id, value in ServiceFigure.objects.filter(year__in=[year, year - 1]).values_list(
            "year", "indicator_id", "region_id", "value"
        )
    }
    start, end = year_period(year)
    figures = booking_figures(start=start, end=end)
    previous_start, previous_end = year_period(year - 1)
    previous_assignments = assignments_count(start=previous_start, end=previous_end)
    cards = []
    for indicator in indicators:
        if indicator.code == "assignments" and not figures.is_empty:
            card = FigureCard(indicator, figures.assignments, previous_assignments or None)
            card.regions = [(region, figures.by_region.get(region.code, 0)) for region in regions]
            card.published = values.get((year, indicator.pk, None))
        elif indicator.code == "late_cancellations" and not figures.is_empty:
            card = FigureCard(indicator, figures.late_cancellations)
            card.regions = [(region, figures.late_cancellations_by_region.get(region.code, 0)) for region in regions]
        elif indicator.computed:
            continue
        else:
            total = values.get((year, indicator.pk, None))
            card = FigureCard(indicator, total, values.get((year - 1, indicator.pk, None)))
            card.regions = [
                (region, values[(year, indicator.pk, region.pk)])
                for region in regions
                if (year, indicator.pk, region.pk) in values
            ]
            if total is None and not card.regions:
                continue
        cards.append(card)
    return {
        "year": year,
        "cards": cards,
        "bookings": figures,
        "charts": booking_charts(figures, regions) if figures.assignments else None,
        "is_empty": not cards,
    }


def statistics(*, start, end, filters) -> dict:
    regions = list(Region.objects.order_by("code"))
    figures = booking_figures(start=start, end=end, filters=filters)
    immediate = immediate_rows(bookings_in_period(start, end, filters))
    names = _language_names([row.language for row in immediate]) if immediate else {}
    for row in immediate:
        row.language_name = names.get(row.language, row.language)
    return {"bookings": figures, "charts": booking_charts(figures, regions), "regions": regions, "immediate": immediate}


def statistics_rows(figures: BookingFigures, immediate: list[ImmediateRow]) -> list[dict]:
    """The statistics page as rows (indicator, dimension, key, value) for its CSV and XLSX exports."""

    def rows(indicator, dimension, counts):
        return [{"indicator": indicator, "dimension": dimension, "key": k, "value": v} for k, v in counts.items()]

    result = rows("assignments", "total", {"": figures.assignments})
    for dimension, counts in [
        ("region", figures.by_region),
        ("language", figures.by_language),
        ("mode", figures.by_mode),
        ("month", figures.by_month),
        ("sector", figures.by_sector),
    ]:
        result += rows("assignments", dimension, counts)
    result += rows("late_cancellations", "total", {"": figures.late_cancellations})
    result += rows("late_cancellations", "region", figures.late_cancellations_by_region)
    result += rows("unfilled_requests", "total", {"": figures.unfilled})
    result += rows("unfilled_requests", "region", figures.unfilled_by_region)
    result += rows("unfilled_requests", "language", figures.unfilled_by_language)
    result += rows("hours_interpreted", "total", {"": figures.hours_interpreted})
    if figures.fill_rate is not None:
        result += rows("fill_rate", "total", {"": figures.fill_rate})
    if figures.median_lead_time_hours is not None:
        result += rows("median_lead_time_hours", "total", {"": figures.median_lead_time_hours})
    return result + immediate_report_rows(immediate)
