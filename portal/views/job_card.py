"""The interpreter's job card: one page per offer and per job, made for a phone. Everything needed to do the
job (when, where, whom to call, the join details, the expected pay), and the actions of the day: accept (the
whole series), check in and out, file the timesheet, withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.models import Booking, Offer, OfferStatus, Status
from bookings.timesheets import CheckRefused, booking_check_in, booking_check_out
from interpreters.views import interpreter_for
from matching.offers import OfferUnavailable
from matching.oneclick import LinkRefused
from matching.series import block_preview, offer_respond
from organisations.geo import distance_km
from portal.interpreter_forms import DeclineForm, WithdrawForm
from portal.services import WithdrawalRefused, booking_withdraw
from portal.threads import thread_of

CARD_RELATED = ("language", "organisation__municipality", "municipality", "requested_by__profile", "series")


def client_initials(name: str) -> str:
    """ "Amina Benali" → "A. B.": the card shows no more of the client than the initials."""
    return " ".join(f"{part[0].upper()}." for part in name.replace(".", " ").split() if part[0].isalpha())


def _distance(booking: Booking, interpreter) -> float | None:
    if booking.mode != "on_site" or booking.municipality is None:
        return None
    return distance_km(interpreter.municipality, booking.municipality)


def _card(request, *, booking, interpreter, offer=None, **extra):
    now = timezone.now()
    context = {
        "booking": booking,
        "offer": offer,
        "distance": _distance(booking, interpreter),
        "fee_url": reverse("billing:interpreter_fee", args=[booking.pk]),
        "now": now,
        **extra,
    }
    return render(request, "bookings/interpreter/job_card.html", context)


@login_required
def job_card(request, pk: int):
    interpreter = interpreter_for(request.user)
    booking = get_object_or_404(Booking.objects.select_related(*CARD_RELATED), pk=pk, interpreter=interpreter)
    now = timezone.now()
    confirmed = booking.status == Status.CONFIRMED
    return _card(
        request,
        booking=booking,
        interpreter=interpreter,
        initials=client_initials(booking.client_name),
        can_check_in=confirmed and booking.is_on_the_day(now) and booking.checked_in_at is None,
        can_check_out=confirmed and booking.checked_in_at is not None and booking.checked_out_at is None,
        can_file=confirmed and booking.is_interpreting and booking.starts_at <= now,
        can_withdraw=confirmed and not booking.has_started(now),
        late_withdrawal=booking.is_late_cancellation(now),
        withdraw_form=WithdrawForm(),
        thread=thread_of(booking),
    )


@login_required
def offer_card(request, pk: int):
    interpreter = interpreter_for(request.user)
    offer = get_object_or_404(
        Offer.objects.select_related(*(f"booking__{name}" for name in CARD_RELATED), "interpreter__municipality"),
        pk=pk,
        interpreter=interpreter,
    )
    if offer.booking.interpreter_id == interpreter.pk:
        return redirect("interpreter_job", pk=offer.booking_id)
    is_open = offer.status == OfferStatus.OPEN and offer.expires_at > timezone.now()
    return _card(
        request,
        booking=offer.booking,
        interpreter=interpreter,
        offer=offer,
        is_open=is_open,
        series_dates=block_preview(offer) if is_open else [],
        decline_form=DeclineForm(),
    )


@login_required
@require_POST
def offer_accept_series_view(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, interpreter=interpreter_for(request.user))
    try:
        dates = offer_respond(offer=offer, action="accept_series", by=request.user)
    except (LinkRefused, OfferUnavailable) as refused:
        messages.error(request, str(refused))
        return redirect("interpreter_offer", pk=offer.pk)
    taken = sum(1 for date in dates if date.confirmed)
    messages.success(
        request,
        _("Aanvaard: %(taken)d van de %(total)d data staan in je agenda.")
        % {
            "taken": taken,
            "total": len(dates),
        },
    )
    return redirect("interpreter_job", pk=offer.booking_id)


def _own_job(request, pk: int) -> Booking:
    return get_object_or_404(Booking, pk=pk, interpreter=interpreter_for(request.user))


@login_required
@require_POST
def job_check_in(request, pk: int):
    try:
        booking_check_in(booking=_own_job(request, pk))
    except CheckRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Aangemeld. Meld je af wanneer de opdracht gedaan is."))
    return redirect("interpreter_job", pk=pk)


@login_required
@require_POST
def job_check_out(request, pk: int):
    try:
        booking_check_out(booking=_own_job(request, pk))
    except CheckRefused as refused:
        messages.error(request, str(refused))
        return redirect("interpreter_job", pk=pk)
    messages.success(request, _("Afgemeld. Je tijden staan al op het prestatieblad."))
    return redirect("interpreter_timesheet", pk=pk)


@login_required
@require_POST
def job_withdraw(request, pk: int):
    booking = _own_job(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden waarom je je terugtrekt."))
        return redirect("interpreter_job", pk=pk)
    try:
        booking_withdraw(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, WithdrawalRefused) as refused:
        messages.error(request, " ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused))
        return redirect("interpreter_job", pk=pk)
    messages.success(
        request, _("Je bent teruggetrokken. We zoeken meteen een andere tolk en verwittigen de aanvrager.")
    )
    return redirect("interpreter_agenda")


urlpatterns = [
    path("offers/<int:pk>/", offer_card, name="interpreter_offer"),
    path("offers/<int:pk>/accept-series/", offer_accept_series_view, name="interpreter_offer_accept_series"),
    path("jobs/<int:pk>/", job_card, name="interpreter_job"),
    path("jobs/<int:pk>/check-in/", job_check_in, name="interpreter_check_in"),
    path("jobs/<int:pk>/check-out/", job_check_out, name="interpreter_check_out"),
    path("jobs/<int:pk>/withdraw/", job_withdraw, name="interpreter_withdraw"),
]
