"""The bookings behind a figure of the annual report or the statistics: the same period, filters and grouping
as the figure (reporting/selectors.py, breakdowns.py), so the list is exactly as long as the figure says."""

from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Kind, Status
from reporting.selectors import REGION, TRANSLATION, Filters, bookings_in_period

INDICATORS = {  # which bookings each computed figure counts
    "assignments": Q(status=Status.COMPLETED),
    "hours_interpreted": Q(status=Status.COMPLETED, kind=Kind.INTERPRETING),
    "late_cancellations": Q(status=Status.CANCELLED, late_cancellation=True),
    "unfilled_requests": Q(status=Status.UNFILLED),
}
DIMENSIONS = ("total", "region", "language", "mode", "month", "sector")


def drilldown_url(*, start, end, indicator: str, dimension: str = "total", key: str = "", filters=None) -> str:
    """The link from one figure to its bookings; `end` is exclusive, as in booking_figures."""
    params = {"start": start.isoformat(), "end": end.isoformat(), "indicator": indicator, "dimension": dimension}
    if key:
        params["key"] = key
    for name in ("region", "language", "mode", "organisation_kind"):
        if filters is not None and getattr(filters, name):
            params[f"filter_{name}"] = getattr(filters, name)
    return reverse("reporting:bookings") + "?" + urlencode(params)


class DrilldownForm(forms.Form):
    start = forms.DateField()
    end = forms.DateField()  # exclusive
    indicator = forms.ChoiceField(choices=[(code, code) for code in INDICATORS])
    dimension = forms.ChoiceField(choices=[(code, code) for code in DIMENSIONS], required=False)
    key = forms.CharField(max_length=40, required=False)
    filter_region = forms.CharField(max_length=40, required=False)
    filter_language = forms.CharField(max_length=3, required=False)
    filter_mode = forms.CharField(max_length=12, required=False)
    filter_organisation_kind = forms.CharField(max_length=40, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] >= data["end"]:
            raise forms.ValidationError(_("Het einde ligt vóór het begin."))
        if data.get("dimension") == "month" and data.get("key") not in {f"{m:02d}" for m in range(1, 13)}:
            self.add_error("key", _("Een maand is 01 tot 12."))
        return data

    def bookings(self):
        data = self.cleaned_data
        filters = Filters(
            region=data["filter_region"],
            language=data["filter_language"],
            mode=data["filter_mode"],
            organisation_kind=data["filter_organisation_kind"],
        )
        bookings = bookings_in_period(data["start"], data["end"], filters).filter(INDICATORS[data["indicator"]])
        dimension, key = data.get("dimension") or "total", data.get("key", "")
        if dimension == "region":
            bookings = bookings.filter(**{REGION: key})
        elif dimension == "language":
            bookings = bookings.filter(language_id=key)
        elif dimension == "mode" and key == TRANSLATION:
            bookings = bookings.filter(kind=Kind.TRANSLATION)
        elif dimension == "mode":
            bookings = bookings.filter(kind=Kind.INTERPRETING, mode=key)
        elif dimension == "month":  # the local month, as breakdowns count it
            bookings = bookings.filter(starts_at__month=int(key))
        elif dimension == "sector":
            bookings = bookings.filter(sector=key)
        return bookings


def booking_rows(bookings) -> tuple[list[str], list[list]]:
    """The drill-down's download: one typed row per booking (the start a date-time, the duration a number)."""
    headers = [
        str(label)
        for label in (
            _("Referentie"),
            _("Start"),
            _("Duur (minuten)"),
            _("Soort"),
            _("Modus"),
            _("Taal"),
            _("Organisatie"),
            _("Regio"),
            _("Sector"),
            _("Status"),
            _("Late annulering"),
            _("Tolk"),
        )
    ]
    rows = [
        [
            booking.reference,
            timezone.localtime(booking.starts_at),
            booking.duration_minutes,
            booking.get_kind_display(),
            booking.get_mode_display(),
            booking.language.name,
            booking.organisation.name,
            booking.organisation.municipality.region.name,
            booking.get_sector_display(),
            booking.get_status_display(),
            str(_("ja")) if booking.late_cancellation else str(_("nee")),
            str(booking.interpreter) if booking.interpreter else "",
        ]
        for booking in bookings
    ]
    return headers, rows
