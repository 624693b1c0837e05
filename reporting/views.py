"""Staff pages: the annual report, the statistics, their exports, and entering service figures."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Region
from reporting.annual import annual_report_rows
from reporting.exports import csv_response, xlsx_response
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
    rows = annual_report_rows(year)
    if format == "xlsx":
        return xlsx_response(rows, f"jaarverslag-{year}", _("Jaarverslag %(year)s") % {"year": year})
    return csv_response(rows, f"jaarverslag-{year}")


@staff_required
def statistics_page(request):
    today = timezone.localdate()
    form = StatisticsFilterForm(request.GET or None, today=today)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        start, end, filters = form.cleaned_data["start"], form.cleaned_data["end"], form.filters()
    elif not form.is_bound:
        start, end, filters = today.replace(month=1, day=1), today, None
    else:
        return render(request, "reporting/statistics.html", context)
    end_exclusive = end + timedelta(days=1)
    context |= statistics(start=start, end=end_exclusive, filters=filters)
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        rows = statistics_rows(context["bookings"], context["immediate"])
        name = f"statistieken-{start:%Y%m%d}-{end:%Y%m%d}"
        return xlsx_response(rows, name, _("Statistieken")) if export == "xlsx" else csv_response(rows, name)
    context |= {"start": start, "end": end, "query": request.GET.urlencode()}
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
