"""Staff pages: the annual report, the statistics, their exports, and entering service figures."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Region
from reporting.annual import annual_report_rows
from reporting.drilldown import DrilldownForm, booking_rows
from reporting.exports import csv_response, report_download, xlsx_response
from reporting.forms import IndicatorFiguresForm, StatisticsFilterForm
from reporting.models import FIGURE_YEARS, ServiceFigure, ServiceIndicator
from reporting.report import annual_report, statistics, statistics_rows
from reporting.selectors import YEARS
from reporting.services import indicator_figures_set

EXPORT_FORMATS = ("csv", "xlsx")


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied(_("Alleen medewerkers van het agentschap zien de rapportering."))
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def index(request):
    year = ServiceFigure.objects.aggregate(last=Max("year"))["last"] or timezone.localdate().year - 1
    return redirect("reporting:annual", year=year)


@staff_required
def annual(request, year: int):
    if year not in YEARS:
        raise Http404
    context = annual_report(year)
    context["years"] = sorted(set(ServiceFigure.objects.values_list("year", flat=True)) | {year})
    return render(request, "reporting/annual.html", context)


@staff_required
def annual_export(request, year: int, format: str):
    title = _("Jaarverslag %(year)s") % {"year": year}
    return report_download(annual_report_rows(year), f"jaarverslag-{year}", title, format)


@staff_required
def statistics_page(request):
    today = timezone.localdate()
    filters_given = request.GET.copy()
    export = filters_given.pop("export", [None])[-1]
    form = StatisticsFilterForm(filters_given or None, today=today)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        start, end, filters = form.cleaned_data["start"], form.cleaned_data["end"], form.filters()
    elif not form.is_bound:
        start, end, filters = today.replace(month=1, day=1), today, None
    else:
        return render(request, "reporting/statistics.html", context)
    end_exclusive = end + timedelta(days=1)
    context |= statistics(start=start, end=end_exclusive, filters=filters)
    if export in EXPORT_FORMATS:
        rows = statistics_rows(context["bookings"], context["immediate"])
        name = f"statistieken-{start:%Y%m%d}-{end:%Y%m%d}"
        return report_download(rows, name, _("Statistieken"), export)
    # The export buttons repeat the period shown, also when it is the default one of an unfiltered page.
    filters_given.setlist("start", [start.isoformat()])
    filters_given.setlist("end", [end.isoformat()])
    context |= {"start": start, "end": end, "query": filters_given.urlencode()}
    return render(request, "reporting/statistics.html", context)


@staff_required
def figures_year(request, year: int):
    if year not in FIGURE_YEARS:
        raise Http404
    indicators = ServiceIndicator.objects.filter(computed=False)
    totals = dict(
        ServiceFigure.objects.filter(year=year, region=None).values_list("indicator_id", "value"),
    )
    rows = [(indicator, totals.get(indicator.pk)) for indicator in indicators]
    return render(request, "reporting/figures_year.html", {"year": year, "rows": rows})


@staff_required
def figure_edit(request, year: int, code: str):
    indicator = get_object_or_404(ServiceIndicator, code=code)
    if year not in FIGURE_YEARS:
        raise Http404
    regions = list(Region.objects.order_by("code"))
    current = {
        region_id: value
        for region_id, value in ServiceFigure.objects.filter(year=year, indicator=indicator).values_list(
            "region_id", "value"
        )
    }
    initial = {"total": current.get(None)} | {f"region_{r.code}": current.get(r.pk) for r in regions}
    form = IndicatorFiguresForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        indicator_figures_set(year=year, indicator=indicator, values=form.values(), by=request.user)
        messages.success(request, _("Cijfers van %(label)s bewaard.") % {"label": indicator.label})
        return redirect("reporting:figures", year=year)
    return render(request, "reporting/figure_form.html", {"year": year, "indicator": indicator, "form": form})


@staff_required
def bookings_behind(request):
    """The bookings behind one figure (reporting/drilldown.py), as a list and as a download."""
    form = DrilldownForm(request.GET)
    if not form.is_valid():
        return render(request, "reporting/bookings.html", {"form": form}, status=400)
    bookings = (
        form.bookings()
        .select_related("language", "organisation__municipality__region", "interpreter__user")
        .order_by("starts_at", "pk")
    )
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        headers, rows = booking_rows(bookings)
        name = "boekingen-{indicator}-{start:%Y%m%d}".format(**form.cleaned_data)
        if export == "xlsx":
            return xlsx_response(headers, rows, name, _("Boekingen"))
        return csv_response(headers, rows, name)
    page = Paginator(bookings, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "data": form.cleaned_data}
    return render(request, "reporting/bookings.html", context)
