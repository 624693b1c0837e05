"""The interpreter's availability page: weekly hours and absences, with the jobs and offers they clash with
shown before saving (portal/availability.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from interpreters.forms import AbsenceForm, WeeklyFormSet
from interpreters.views import interpreter_for
from portal.availability import absence_clashes, absence_save, weekly_hours_clashes, weekly_hours_save

CONFIRM = "confirm_clashes"  # the second submit, after the clashes were shown
WITHDRAW = "withdraw_from"  # the ids of the clashing jobs to withdraw from


def _current_hours(interpreter):
    return [
        {"weekday": r.weekday, "start_time": r.start_time, "end_time": r.end_time}
        for r in interpreter.weekly_hours.all()
    ]


def _page(request, interpreter, *, formset=None, absence_form=None, clashes=None, clash_form=""):
    context = {
        "formset": formset or WeeklyFormSet(initial=_current_hours(interpreter), prefix="hours"),
        "absence_form": absence_form or AbsenceForm(prefix="absence"),
        "absences": interpreter.absences.all(),
        "has_hours": interpreter.weekly_hours.exists(),
        "clashes": clashes,
        "clash_form": clash_form,  # "hours" or "absence": which form the clashes belong to
    }
    return render(request, "interpreters/availability.html", context)


def _withdrawn_message(request, jobs) -> None:
    if jobs:
        messages.info(
            request,
            ngettext(
                "Je trok je terug uit %(count)d opdracht; we zoeken een vervanger.",
                "Je trok je terug uit %(count)d opdrachten; we zoeken vervangers.",
                len(jobs),
            )
            % {"count": len(jobs)},
        )


def _chosen(request) -> set[int]:
    return {int(pk) for pk in request.POST.getlist(WITHDRAW) if pk.isdigit()}


@login_required
def availability(request):
    interpreter = interpreter_for(request.user)
    if request.method != "POST":
        return _page(request, interpreter)
    formset = WeeklyFormSet(request.POST, initial=_current_hours(interpreter), prefix="hours")
    if not formset.is_valid():
        return _page(request, interpreter, formset=formset)
    ranges = formset.ranges()
    clashes = weekly_hours_clashes(interpreter=interpreter, ranges=ranges)
    if clashes and CONFIRM not in request.POST:
        return _page(request, interpreter, formset=formset, clashes=clashes, clash_form="hours")
    jobs = weekly_hours_save(interpreter=interpreter, by=request.user, ranges=ranges, withdraw_from=_chosen(request))
    messages.success(request, _("Je weekuren zijn bewaard."))
    _withdrawn_message(request, jobs)
    return redirect("interpreter_availability")


@login_required
@require_POST
def absence_create(request):
    interpreter = interpreter_for(request.user)
    form = AbsenceForm(request.POST, prefix="absence")
    if not form.is_valid():
        return _page(request, interpreter, absence_form=form)
    days = {"starts_on": form.cleaned_data["starts_on"], "ends_on": form.cleaned_data["ends_on"]}
    clashes = absence_clashes(interpreter=interpreter, **days)
    if clashes and CONFIRM not in request.POST:
        return _page(request, interpreter, absence_form=form, clashes=clashes, clash_form="absence")
    jobs = absence_save(
        interpreter=interpreter,
        by=request.user,
        reason=form.cleaned_data["reason"],
        withdraw_from=_chosen(request),
        **days,
    )
    messages.success(request, _("Afwezigheid toegevoegd."))
    _withdrawn_message(request, jobs)
    return redirect("interpreter_availability")


urlpatterns = [
    path("interpreters/availability/", availability, name="interpreter_availability"),
    path("interpreters/absences/", absence_create, name="interpreter_absence_create"),
]
