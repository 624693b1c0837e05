"""Writes of the reporting app: service figures entered by staff or imported."""

from django.db import transaction

from organisations.models import Region
from reporting.models import ServiceFigure, ServiceIndicator


def service_figure_set(
    *, year: int, indicator: ServiceIndicator, region: Region | None, value: int | None, by=None
) -> ServiceFigure | None:
    """Set (or, with value None, remove) the figure of `indicator` in `year` for `region` (None: the total)."""
    lookup = {"year": year, "indicator": indicator, "region": region}
    if value is None:
        ServiceFigure.objects.filter(**lookup).delete()
        return None
    figure, _ = ServiceFigure.objects.update_or_create(**lookup, defaults={"value": value, "updated_by": by})
    return figure


def indicator_figures_set(
    *, year: int, indicator: ServiceIndicator, values: dict[Region | None, int | None], by=None
) -> None:
    """Set the total and regional figures of one indicator at once (the staff form)."""
    with transaction.atomic():
        for region, value in values.items():
            service_figure_set(year=year, indicator=indicator, region=region, value=value, by=by)


def indicator_create_from_code(code: str) -> ServiceIndicator:
    """An indicator met for the first time in an import: its code is its label until staff edit it."""
    indicator, _ = ServiceIndicator.objects.get_or_create(
        code=code, defaults={"label_nl": code, "label_fr": code, "label_en": code}
    )
    return indicator
