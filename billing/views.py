"""Billing pages: statements and their exports, the cost of jobs, estimates, and staff's tariffs and flags."""

from datetime import date, datetime, time
from functools import wraps
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import DecimalField, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing import exports, ubl
from billing.forms import CorrectionForm, InterpreterTariffForm, RequesterTariffForm, StatementRequestForm
from billing.models import InterpreterTariff, Party, RequesterTariff, Statement, UnpricedJob
from billing.services import (
    billable_bookings,
    estimate_booking_cost,
    estimate_interpreter_fee,
    price_line_correct,
    tariff_save,
)
from billing.statements import StatementRefused, statement_create
from bookings.models import Booking, Kind, Offer
from organisations.services import current_organisation, organisations_of

TARIFF_FORMS = {"requester": RequesterTariffForm, "interpreter": InterpreterTariffForm}
TARIFF_MODELS = {"requester": RequesterTariff, "interpreter": InterpreterTariff}


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _interpreter_of(user):
    return getattr(user, "interpreter", None)


def _visible_statements(user):
    statements = Statement.objects.for_lists()
    if user.is_staff:
        return statements
    interpreter = _interpreter_of(user)
    mine = Q(party=Party.REQUESTER, organisation__in=organisations_of(user))
    if interpreter is not None:
        mine |= Q(party=Party.INTERPRETER, interpreter=interpreter)
    return statements.filter(mine)


def _statement_for(request, pk: int) -> Statement:
    """The statement, when the user may see it (organisation member, its interpreter, staff); else 404."""
    return get_object_or_404(_visible_statements(request.user), pk=pk)


@login_required
def statement_list(request):
    page = Paginator(_visible_statements(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "billing/statement_list.html", {"page": page})


@login_required
def statement_detail(request, pk: int):
    statement = _statement_for(request, pk)
    lines = exports.statement_lines(statement)
    return render(
        request,
        "billing/statement_detail.html",
        {
            "statement": statement,
            "lines": lines,
            "exemption_text": exports.exemption_text(),
            "peppol": ubl.statement_is_peppol(statement),
        },
    )


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv", exports.statement_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", exports.statement_xlsx),
    "pdf": ("application/pdf", "pdf", exports.statement_pdf),
    "ubl": ("application/xml", "xml", ubl.statement_ubl),
}


@login_required
def statement_export(request, pk: int, fmt: str):
    statement = _statement_for(request, pk)
    if fmt not in EXPORTS or (fmt == "ubl" and not ubl.statement_is_peppol(statement)):
        raise Http404
    content_type, extension, build = EXPORTS[fmt]
    response = HttpResponse(build(statement), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{statement.number}.{extension}"'
    return response


@staff_required
def statement_new(request):
    form = StatementRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            statement = statement_create(
                organisation=form.cleaned_data["organisation"],
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                by=request.user,
            )
        except StatementRefused as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Afrekening %(number)s is opgemaakt.") % {"number": statement.number})
            unpriced = UnpricedJob.objects.filter(
                booking__organisation=statement.organisation, booking__starts_at__date__lte=statement.period_end
            ).count()
            if unpriced:
                messages.warning(
                    request,
                    _("%(count)d opdrachten van deze organisatie hebben nog geen tarief en staan er niet op.")
                    % {"count": unpriced},
                )
            return redirect("billing:statement_detail", pk=statement.pk)
    return render(request, "billing/statement_new.html", {"form": form})


def _lines_total(party: str):
    return Sum("price_lines__amount", filter=Q(price_lines__party=party), output_field=DecimalField())


@login_required
def job_costs(request):
    """The cost of each past job of the current organisation (requester) or the pay for each job (interpreter)."""
    interpreter = _interpreter_of(request.user)
    if interpreter is not None:
        jobs, party = billable_bookings().for_interpreter(interpreter), Party.INTERPRETER
    else:
        organisation = current_organisation(request)
        if organisation is None:
            raise Http404
        jobs, party = billable_bookings().for_organisation(organisation), Party.REQUESTER
    jobs = jobs.for_lists().annotate(cost=_lines_total(party)).order_by("-starts_at")
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    return render(request, "billing/job_costs.html", {"page": page, "party": party})


def _booking_for(request, pk: int) -> tuple[Booking, list[str]]:
    """The booking and the parties whose lines the user may see; 404 when none."""
    booking = get_object_or_404(Booking.objects.for_lists(), pk=pk)
    user = request.user
    if user.is_staff:
        return booking, [Party.REQUESTER, Party.INTERPRETER]
    interpreter = _interpreter_of(user)
    if interpreter is not None and booking.interpreter_id == interpreter.pk:
        return booking, [Party.INTERPRETER]
    if organisations_of(user).filter(pk=booking.organisation_id).exists():
        return booking, [Party.REQUESTER]
    raise Http404


@login_required
def job_detail(request, pk: int):
    booking, parties = _booking_for(request, pk)
    lines = booking.price_lines.filter(party__in=parties).select_related("statement")
    context = {"booking": booking, "lines": lines, "flag": UnpricedJob.objects.filter(booking=booking).first()}
    if request.user.is_staff:
        context["form"] = CorrectionForm()
    return render(request, "billing/job_detail.html", context)


@require_POST
@staff_required
def job_correct(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            price_line_correct(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De correctie is toegevoegd."))
            return redirect("billing:job_detail", pk=booking.pk)
    lines = booking.price_lines.select_related("statement")
    return render(request, "billing/job_detail.html", {"booking": booking, "lines": lines, "form": form}, status=400)


@login_required
def booking_estimate(request, pk: int):
    """A small fragment with the expected cost of a booking, for the portal to include or link to."""
    booking, parties = _booking_for(request, pk)
    if Party.REQUESTER not in parties:
        raise Http404
    return render(request, "billing/_estimate.html", {"estimate": estimate_booking_cost(booking)})


@login_required
def interpreter_fee(request, pk: int):
    """A fragment with the expected pay, for the job card of the assigned interpreter or one it is offered to."""
    interpreter = _interpreter_of(request.user)
    if interpreter is None:
        raise Http404
    booking = get_object_or_404(Booking.objects.select_related("organisation"), pk=pk)
    offered = Offer.objects.filter(booking=booking, interpreter=interpreter).exists()
    if booking.interpreter_id != interpreter.pk and not offered:
        raise Http404
    return render(request, "billing/_fee.html", {"estimate": estimate_interpreter_fee(booking)})


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def request_estimate(request):
    """The expected cost of a request being typed: ?kind=&mode=&duration_minutes=&word_count=&certified=&date=."""
    try:
        day = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = timezone.localdate()
    kind = request.GET.get("kind", Kind.INTERPRETING)
    if kind not in Kind.values:
        kind = Kind.INTERPRETING
    candidate = SimpleNamespace(
        kind=kind,
        mode=request.GET.get("mode", "") if kind == Kind.INTERPRETING else "",
        starts_at=timezone.make_aware(datetime.combine(day, time(12))),
        duration_minutes=_int(request.GET.get("duration_minutes")),
        word_count=_int(request.GET.get("word_count")),
        certified=request.GET.get("certified") in {"1", "true", "on"},
    )
    return render(request, "billing/_estimate.html", {"estimate": estimate_booking_cost(candidate)})


@staff_required
def tariff_list(request):
    return render(
        request,
        "billing/tariff_list.html",
        {"requester_tariffs": RequesterTariff.objects.all(), "interpreter_tariffs": InterpreterTariff.objects.all()},
    )


@staff_required
def tariff_edit(request, party: str, pk: int | None = None):
    if party not in TARIFF_FORMS:
        raise Http404
    tariff = get_object_or_404(TARIFF_MODELS[party], pk=pk) if pk else None
    form = TARIFF_FORMS[party](request.POST or None, instance=tariff)
    if request.method == "POST" and form.is_valid():
        try:
            tariff_save(tariff=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het tarief is bewaard."))
            return redirect("billing:tariff_list")
    return render(request, "billing/tariff_form.html", {"form": form, "party": party})


@staff_required
def unpriced_list(request):
    flags = UnpricedJob.objects.select_related("booking__organisation", "booking__language").order_by("flagged_at")
    page = Paginator(flags, 50).get_page(request.GET.get("page"))
    return render(request, "billing/unpriced_list.html", {"page": page})
