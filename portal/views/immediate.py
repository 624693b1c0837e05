"""“Nu een tolk”: the requester's request and its live progress, the interpreter's presence and live offers,
the staff's view of who is present per language. The pages poll small JSON answers (static/js/live.js)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bookings.models import Offer, Status
from interpreters.presence import DEFAULT_AHEAD, presence_of, presence_set, present_by_language
from interpreters.views import interpreter_for
from matching.immediate import immediate_progress
from portal.forms import apply_service_errors
from portal.immediate_forms import ImmediateForm, PresenceForm
from portal.services import booking_submit
from portal.views import requester
from portal.views.staff import staff_required

FINAL = [Status.CONFIRMED, Status.COMPLETED, Status.CANCELLED, Status.UNFILLED]


@login_required
def immediate_new(request):
    organisation = requester._organisation_or_none(request)
    if organisation is None:
        return requester._no_organisation(request)
    form = ImmediateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_submit(request=form.to_request(), organisation=organisation, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("requester_booking_detail", pk=booking.pk)
    return render(request, "bookings/requester/immediate_form.html", {"form": form})


def book_ahead_url(booking) -> str:
    """The booking form, prefilled with what the immediate request asked."""
    fields = {"language": booking.language_id, "mode": booking.mode, "sector": booking.sector}
    return reverse("requester_booking_new") + "?" + urlencode(fields)


def progress_context(booking, now) -> dict:
    return {"booking": booking, "progress": immediate_progress(booking, now=now), "book_ahead": book_ahead_url(booking)}


@never_cache
@login_required
def immediate_status(request, pk: int):
    booking = requester._get_booking(request, pk)
    html = render_to_string(
        "bookings/requester/_immediate_progress.html", progress_context(booking, timezone.now()), request=request
    )
    return JsonResponse({"status": booking.status, "done": booking.status in FINAL, "html": html})


def _live_offers(interpreter, now):
    return list(
        Offer.objects.open()
        .for_interpreter(interpreter)
        .filter(expires_at__gt=now)
        .select_related("booking__language")
        .order_by("expires_at")
    )


def presence_context(interpreter, now) -> dict:
    """The presence card and the live offers of the interpreter's home page."""
    return {
        "presence": presence_of(interpreter, now=now),
        "presence_form": PresenceForm(initial={"until": timezone.localtime(now + DEFAULT_AHEAD).time()}),
        "live_offers": _live_offers(interpreter, now),
        "now": now,
    }


@login_required
@require_POST
def presence_update(request):
    interpreter = interpreter_for(request.user)
    form = PresenceForm(request.POST)
    now = timezone.now()
    if not form.is_valid():
        messages.error(request, _("Kies een geldig einduur."))
        return redirect("dashboard")
    try:
        presence = presence_set(
            interpreter=interpreter, available=form.cleaned_data["available"], until=form.until_moment(now), now=now
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboard")
    if presence:
        until = timezone.localtime(presence.until)
        messages.success(request, _("Je bent nu beschikbaar tot %(time)s.") % {"time": f"{until:%H:%M}"})
    else:
        messages.success(request, _("Je bent niet meer beschikbaar voor Nu een tolk."))
    return redirect("dashboard")


@never_cache
@login_required
def live_offers(request):
    interpreter = interpreter_for(request.user)
    now = timezone.now()
    offers = _live_offers(interpreter, now)
    context = {"live_offers": offers, "now": now}
    html = render_to_string("bookings/interpreter/_live_offers.html", context, request=request)
    return JsonResponse({"count": len(offers), "done": False, "html": html})


@staff_required
def presence_overview(request):
    now = timezone.now()
    context = {"by_language": present_by_language(now=now), "now": now, "soon": now + timedelta(minutes=15)}
    return render(request, "bookings/staff/presence.html", context)


urlpatterns = [
    path("bookings/new/now/", immediate_new, name="requester_immediate_new"),
    path("bookings/<int:pk>/progress/", immediate_status, name="requester_immediate_status"),
    path("presence/", presence_update, name="interpreter_presence"),
    path("offers/live/", live_offers, name="interpreter_live_offers"),
    path("staff/presence/", presence_overview, name="staff_presence"),
]
