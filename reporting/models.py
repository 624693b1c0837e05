"""Service figures: the agency's yearly numbers beside the ones computed from bookings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import Region


def _localised(obj, field: str) -> str:
    lang = (get_language() or "nl")[:2]
    return getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_nl")


class ServiceIndicator(models.Model):
    """What a figure counts (`mo_courses`, `nt2_intakes`, ...), with labels in the three languages."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_nl = models.CharField(_("naam (nl)"), max_length=120)
    label_fr = models.CharField(_("naam (fr)"), max_length=120, blank=True)
    label_en = models.CharField(_("naam (en)"), max_length=120, blank=True)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    explanation_nl = models.CharField(_("toelichting (nl)"), max_length=300, blank=True)
    explanation_fr = models.CharField(_("toelichting (fr)"), max_length=300, blank=True)
    explanation_en = models.CharField(_("toelichting (en)"), max_length=300, blank=True)
    display_order = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    computed = models.BooleanField(
        _("berekend uit de boekingen"),
        default=False,
        help_text=_("Het jaarverslag toont dan het cijfer uit de boekingen, niet de ingevoerde waarde."),
    )

    class Meta:
        ordering = ["display_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _localised(self, "label")

    @property
    def explanation(self) -> str:
        return _localised(self, "explanation")


FIGURE_YEARS = range(1990, 2101)  # the years a service figure can be entered for (see the check constraint)


class ServiceFigure(models.Model):
    """The value of one indicator in one year, for one region or (region empty) in total."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    indicator = models.ForeignKey(
        ServiceIndicator, on_delete=models.PROTECT, related_name="figures", verbose_name=_("indicator")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("regio")
    )
    value = models.PositiveBigIntegerField(_("waarde"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "indicator__display_order", "indicator__code", "region__code"]
        verbose_name = _("cijfer")
        verbose_name_plural = _("cijfers")
        constraints = [
            # NULL never equals NULL, so the total (no region) needs its own conditional constraint.
            models.UniqueConstraint(
                fields=["year", "indicator", "region"],
                condition=Q(region__isnull=False),
                name="service_figure_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["year", "indicator"], condition=Q(region__isnull=True), name="service_figure_unique_total"
            ),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="service_figure_year_range"),
        ]

    def __str__(self) -> str:
        where = self.region.code if self.region_id else "totaal"
        return f"{self.year} {self.indicator.code} {where}: {self.value}"
