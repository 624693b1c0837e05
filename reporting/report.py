"""What the annual report and statistics pages show, gathered in a fixed handful of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from interpreters.models import Mode, Sector
from languages.models import Language
from organisations.models import Region
from reporting.charts import bar_chart, column_chart
from reporting.drilldown import drilldown_url
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
    computed: bool = False  # counted from the bookings; otherwise entered or imported (entered_by, entered_at)
    entered_by: str = ""
    entered_at: datetime | None = None
    href: str = ""  # the bookings behind a computed figure
    region_links: dict = field(default_factory=dict)  # region code → the bookings behind its figure

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


def booking_charts(figures: BookingFigures, regions: list[Region], drill=None) -> dict:
    """The charts of the bookings: per region, month, top languages, mode and sector. With `drill(indicator,
    dimension, key)`, each bar links to the bookings behind it."""
    names = _language_names(list(figures.by_language)[:TOP_LANGUAGES], figures.unfilled_by_language)
    region_names = {region.code: region.name for region in regions}

    def items(indicator, dimension, counts, label):
        return [(label(key), n, drill(indicator, dimension, key)) if drill else (label(key), n) for key, n in counts]

    region_counts = [(region.code, figures.by_region.get(region.code, 0)) for region in regions]
    months = [(f"{index:02d}", figures.by_month.get(f"{index:02d}", 0)) for index in range(1, 13)]
    top = list(figures.by_language.items())[:TOP_LANGUAGES]
    unfilled_top = list(figures.unfilled_by_language.items())[:TOP_LANGUAGES]
    return {
        "region": bar_chart(items("assignments", "region", region_counts, region_names.get)),
        "month": column_chart(items("assignments", "month", months, lambda key: str(MONTH_LABELS[int(key) - 1]))),
        "language": bar_chart(items("assignments", "language", top, lambda code: names.get(code, code))),
        "mode": bar_chart(
            items("assignments", "mode", figures.by_mode.items(), lambda code: str(MODE_LABELS.get(code, code)))
        ),
        "sector": bar_chart(
            items("assignments", "sector", figures.by_sector.items(), lambda code: str(SECTOR_LABELS.get(code, code)))
        ),
        "unfilled_language": bar_chart(
            items("unfilled_requests", "language", unfilled_top, lambda code: names.get(code, code))
        ),
        "unfilled_region": bar_chart(
            items(
                "unfilled_requests",
                "region",
                figures.unfilled_by_region.items(),
                lambda code: region_names.get(code, code),
            )
        ),
    }


def _drill(start, end, filters=None):
    def url(indicator, dimension="total", key=""):
        return drilldown_url(start=start, end=end, indicator=indicator, dimension=dimension, key=key, filters=filters)

    return url


def annual_report(year: int) -> dict:
    """The annual report page of `year`, compared with the year before."""
    regions = list(Region.objects.order_by("code"))
    indicators = list(ServiceIndicator.objects.all())
    values: dict[tuple[int, int, int | None], int] = {}
    entered: dict[int, tuple[str, datetime]] = {}  # indicator → who last entered or imported this year's figures
    rows = ServiceFigure.objects.filter(year__in=[year, year - 1]).values_list(
        "year", "indicator_id", "region_id", "value", "updated_by__username", "updated_at"
    )
    for y, indicator_id, region_id, value, by, at in rows:
        values[(y, indicator_id, region_id)] = value
        if y == year and (indicator_id not in entered or at > entered[indicator_id][1]):
            entered[indicator_id] = (by or "", at)
    start, end = year_period(year)
    drill = _drill(start, end)
    figures = booking_figures(start=start, end=end)
    previous_start, previous_end = year_period(year - 1)
    previous_assignments = assignments_count(start=previous_start, end=previous_end)
    cards = []
    for indicator in indicators:
        if indicator.code == "assignments" and not figures.is_empty:
            card = FigureCard(indicator, figures.assignments, previous_assignments or None, computed=True)
            card.regions = [(region, figures.by_region.get(region.code, 0)) for region in regions]
            card.published = values.get((year, indicator.pk, None))
        elif indicator.code == "late_cancellations" and not figures.is_empty:
            card = FigureCard(indicator, figures.late_cancellations, computed=True)
            card.regions = [(region, figures.late_cancellations_by_region.get(region.code, 0)) for region in regions]
        elif indicator.computed:
            continue
        else:
            total = values.get((year, indicator.pk, None))
            card = FigureCard(indicator, total, values.get((year - 1, indicator.pk, None)))
            # a regional split only where the agency gave one
            card.regions = [
                (region, values[(year, indicator.pk, region.pk)])
                for region in regions
                if (year, indicator.pk, region.pk) in values
            ]
            if total is None and not card.regions:
                continue
        if card.computed:
            card.href = drill(indicator.code)
            card.region_links = {region.code: drill(indicator.code, "region", region.code) for region in regions}
        if indicator.pk in entered:
            card.entered_by, card.entered_at = entered[indicator.pk]
        cards.append(card)
    return {
        "year": year,
        "cards": cards,
        "bookings": figures,
        "charts": booking_charts(figures, regions, drill) if figures.assignments else None,
        "is_empty": not cards,
        "drill": {code: drill(code) for code in ("assignments", "late_cancellations", "unfilled_requests")}
        | {"hours_interpreted": drill("hours_interpreted")},
    }


def statistics(*, start, end, filters) -> dict:
    regions = list(Region.objects.order_by("code"))
    figures = booking_figures(start=start, end=end, filters=filters)
    drill = _drill(start, end, filters)
    immediate = immediate_rows(bookings_in_period(start, end, filters))
    names = _language_names([row.language for row in immediate]) if immediate else {}
    for row in immediate:
        row.language_name = names.get(row.language, row.language)
    return {
        "bookings": figures,
        "charts": booking_charts(figures, regions, drill),
        "regions": regions,
        "drill": {code: drill(code) for code in ("assignments", "late_cancellations", "unfilled_requests")}
        | {"hours_interpreted": drill("hours_interpreted")},
        "immediate": immediate,
    }


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
