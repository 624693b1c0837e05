"""The planner's overview pages: the queue with its filters and reasons, and the dispatch view of one day in one
region (the bookings across the hours, the interpreters' jobs beside them). Staff only."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django import forms
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Kind, Status
from config.widgets import DateInput
from organisations.models import Region
from portal.queue import QUEUE_LIMIT, QueueFilterForm, QueueReason, queue_bookings, reason_counts
from portal.views.staff import staff_required

FIRST_HOUR, LAST_HOUR = 7, 20  # the dispatch view's hours; earlier or later jobs go in the first or last one
ON_THE_DAY = [Status.SUBMITTED, Status.OFFERED, Status.UNFILLED, Status.CONFIRMED, Status.COMPLETED]


@staff_required
def dashboard(request):
    now = timezone.now()
    form = QueueFilterForm(request.GET or None, now=now)
    queue = queue_bookings(now)
    if form.is_bound and not form.is_valid():
        bookings, counts = [], reason_counts(queue.none())
    elif form.is_bound:
        bookings, counts = list(form.filter(queue)[:QUEUE_LIMIT]), reason_counts(form.filter(queue, reason=False))
    else:
        bookings, counts = list(queue[:QUEUE_LIMIT]), reason_counts(queue)
    for booking in bookings:
        booking.queue_reason_label = QueueReason(booking.queue_reason).label
    query = request.GET.copy()
    query.pop("reason", None)
    context = {"bookings": bookings, "counts": counts, "form": form, "now": now, "query": query.urlencode()}
    return render(request, "bookings/staff/dashboard.html", context)


class DispatchForm(forms.Form):
    day = forms.DateField(label=_("Dag"), widget=DateInput())
    region = forms.ModelChoiceField(
        label=_("Regio"), queryset=Region.objects.order_by("name"), required=False, empty_label=_("Alle regio's")
    )


@dataclass
class InterpreterDay:
    interpreter: object
    hours: dict = field(default_factory=dict)  # hour → the jobs running in it


def _hour(moment: datetime) -> int:
    return min(max(timezone.localtime(moment).hour, FIRST_HOUR), LAST_HOUR)


def _dispatch(day, region) -> dict:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = start + timedelta(days=1)
    of_day = Booking.objects.for_lists().filter(
        kind=Kind.INTERPRETING, status__in=ON_THE_DAY, starts_at__gte=start, starts_at__lt=end
    )
    bookings = of_day.select_related("organisation__municipality__region").order_by("starts_at", "pk")
    if region is not None:
        bookings = bookings.filter(organisation__municipality__region=region)
    bookings = list(bookings)
    hours = list(range(FIRST_HOUR, LAST_HOUR + 1))
    by_hour = {hour: [b for b in bookings if _hour(b.starts_at) == hour] for hour in hours}
    working = {b.interpreter_id for b in bookings if b.interpreter_id}
    rows: dict[int, InterpreterDay] = {}
    # every job those interpreters have that day, also outside the region: their day as a whole
    for job in of_day.filter(interpreter_id__in=working).exclude(status=Status.UNFILLED).order_by("starts_at"):
        row = rows.setdefault(job.interpreter_id, InterpreterDay(job.interpreter))
        for hour in range(
            _hour(job.starts_at), _hour((job.ends_at or job.starts_at + timedelta(hours=1)) - timedelta(minutes=1)) + 1
        ):
            row.hours.setdefault(hour, []).append(job)
    interpreters = sorted(rows.values(), key=lambda row: str(row.interpreter))
    for row in interpreters:
        row.cells = [row.hours.get(hour, []) for hour in hours]
    return {"hours": [(hour, by_hour[hour]) for hour in hours], "interpreters": interpreters, "hour_labels": hours}


@staff_required
def dispatch(request):
    today = timezone.localdate()
    form = DispatchForm(request.GET or None, initial={"day": today})
    context = {"form": form}
    if not form.is_bound:
        context |= {"day": today, "region": None, **_dispatch(today, None)}
    elif form.is_valid():
        day, region = form.cleaned_data["day"], form.cleaned_data["region"]
        context |= {"day": day, "region": region, **_dispatch(day, region)}
    return render(request, "bookings/staff/dispatch.html", context)


urlpatterns = [
    path("staff/", dashboard, name="staff_queue"),
    path("staff/dispatch/", dispatch, name="staff_dispatch"),
]
