"""Pages of the interpreter and translator: offers, one-click links, agenda, timesheets, deliveries."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Profile
from accounts.roles import profile_for
from bookings.audit import AuditAction, audit_record
from bookings.calendar import calendar_for_user
from bookings.feedback import ratings_summary
from bookings.models import Booking, Kind, Offer, Status
from interpreters.services import calendar_token_regenerate
from interpreters.views import interpreter_for
from matching.offers import OfferUnavailable
from matching.oneclick import ACTIONS, LinkRefused, offer_from_token
from matching.series import SeriesDate, block_preview, offer_respond
from organisations.geo import distance_km
from portal.delivery import translation_deliver
from portal.interpreter_forms import DeclineForm, DeliveryForm, TimesheetForm
from portal.timesheet_actions import timesheet_file_announced
from portal.views.immediate import presence_context


def _open_offers(interpreter, now):
    offers = (
        Offer.objects.open()
        .for_interpreter(interpreter)
        .filter(expires_at__gt=now)
        .select_related("booking__language", "booking__target_language", "booking__municipality")
        .order_by("expires_at")
    )
    for offer in offers:
        booking = offer.booking
        offer.distance = offer.distance_km
        if offer.distance is None and booking.municipality_id and (offer.mode or booking.mode) == "on_site":
            offer.distance = distance_km(interpreter.municipality, booking.municipality)
        yield offer


def dashboard(request):
    interpreter = interpreter_for(request.user)
    now = timezone.now()
    jobs = Booking.objects.for_lists().for_interpreter(interpreter)
    context = {
        "offer_count": Offer.objects.open().for_interpreter(interpreter).filter(expires_at__gt=now).count(),
        "upcoming": jobs.filter(status=Status.CONFIRMED).upcoming(now)[:5],
        "missing_timesheets": jobs.filter(status=Status.CONFIRMED, kind=Kind.INTERPRETING, ends_at__lt=now).order_by(
            "starts_at"
        ),
        "ratings": ratings_summary(interpreter=interpreter),
        **presence_context(interpreter, now),
    }
    return render(request, "bookings/interpreter/dashboard.html", context)


@login_required
def offer_list(request):
    interpreter = interpreter_for(request.user)
    offers = list(_open_offers(interpreter, timezone.now()))
    return render(request, "bookings/interpreter/offers.html", {"offers": offers, "decline_form": DeclineForm()})


@login_required
@require_POST
def offer_accept_view(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, interpreter=interpreter_for(request.user))
    return _respond(request, offer, "accept", redirect("interpreter_agenda"))


@login_required
@require_POST
def offer_decline_view(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, interpreter=interpreter_for(request.user))
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _respond(request, offer, "decline", redirect("interpreter_offers"), reason=reason)


def _respond(request, offer, action, success, reason=""):
    try:
        offer_respond(offer=offer, action=action, by=request.user, reason=reason)
    except (LinkRefused, OfferUnavailable) as refused:
        messages.error(request, str(refused))
        return redirect("interpreter_offers")
    if action == "accept":
        messages.success(request, _("Aanvaard: de opdracht staat in je agenda."))
    else:
        messages.success(request, _("Je hebt het aanbod geweigerd."))
    return success


@never_cache
def offer_oneclick(request, token: str, action: str):
    """From the offer email, no login: GET shows what will happen, only the POST acts (mail scanners follow links)."""
    try:
        offer = offer_from_token(token, action)
    except LinkRefused as refused:
        return render(request, "bookings/interpreter/oneclick.html", {"refused": str(refused)}, status=410)
    if request.method == "POST":
        reason = DeclineForm(request.POST).data.get("reason", "")[:500]
        try:
            click = {"address": get_client_ip_address(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")}
            result = offer_respond(offer=offer, action=action, by=offer.interpreter.user, reason=reason, click=click)
        except (LinkRefused, OfferUnavailable) as refused:
            return render(request, "bookings/interpreter/oneclick.html", {"refused": str(refused)}, status=409)
        context = {"offer": offer, "action": action, "done": True}
        if action == "accept_series":
            context["series_dates"] = result
        return render(request, "bookings/interpreter/oneclick.html", context)
    context = {"offer": offer, "action": action, "decline_form": DeclineForm()}
    if action == "accept_series":
        context["series_dates"] = [SeriesDate(booking=offer.booking), *block_preview(offer)]
    return render(request, "bookings/interpreter/oneclick.html", context)


@login_required
def agenda(request):
    interpreter = interpreter_for(request.user)
    now = timezone.now()
    jobs = Booking.objects.for_lists().for_interpreter(interpreter).filter(kind=Kind.INTERPRETING)
    profile = profile_for(request.user)
    context = {
        # a job under way (an immediate one has just begun) is still upcoming, with its join link
        "upcoming": jobs.filter(status=Status.CONFIRMED, ends_at__gt=now).order_by("starts_at"),
        "past": jobs.filter(status__in=[Status.CONFIRMED, Status.COMPLETED], ends_at__lte=now).past(now)[:50],
        "now": now,
        "feed_url": request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": profile.calendar_token})),
    }
    return render(request, "bookings/interpreter/agenda.html", context)


@login_required
@require_POST
def calendar_token_reset(request):
    interpreter_for(request.user)
    calendar_token_regenerate(user=request.user)
    messages.success(request, _("Je hebt een nieuwe agendalink. De oude werkt niet meer."))
    return redirect("interpreter_agenda")


def calendar_feed(request, token: str):
    """The secret per-user feed for calendar apps that cannot log in."""
    profile = Profile.objects.select_related("user").filter(calendar_token=token, user__is_active=True).first()
    if profile is None:
        raise Http404
    response = HttpResponse(calendar_for_user(profile.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tolkportaal.ics"'
    return response


@login_required
def timesheet(request, pk: int):
    interpreter = interpreter_for(request.user)
    booking = get_object_or_404(Booking.objects.for_lists(), pk=pk, interpreter=interpreter, kind=Kind.INTERPRETING)
    if booking.status != Status.CONFIRMED or booking.starts_at > timezone.now():
        messages.error(request, _("Voor deze opdracht kan je (nu) geen prestatieblad indienen."))
        return redirect("interpreter_agenda")
    form = TimesheetForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid():
        try:
            timesheet_file_announced(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Prestatieblad ingediend. Bedankt!"))
            return redirect("interpreter_agenda")
    return render(request, "bookings/interpreter/timesheet.html", {"form": form, "booking": booking})


@login_required
def translation_list(request):
    interpreter = interpreter_for(request.user)
    jobs = (
        Booking.objects.for_lists()
        .for_interpreter(interpreter)
        .filter(kind=Kind.TRANSLATION, status__in=[Status.CONFIRMED, Status.COMPLETED])
        .prefetch_related("documents")
        .order_by("-status", "deadline")
    )
    return render(request, "bookings/interpreter/translations.html", {"jobs": jobs})


@login_required
def translation_delivery(request, pk: int):
    interpreter = interpreter_for(request.user)
    booking = get_object_or_404(
        Booking.objects.for_lists().prefetch_related("documents"),
        pk=pk,
        interpreter=interpreter,
        kind=Kind.TRANSLATION,
    )
    if booking.status != Status.CONFIRMED:
        messages.error(request, _("Deze vertaling kan niet (meer) geleverd worden."))
        return redirect("interpreter_translations")
    form = DeliveryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            translation_deliver(booking=booking, by=request.user, files=form.cleaned_data["files"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vertaling geleverd. De aanvrager kan ze nu downloaden."))
            return redirect("interpreter_translations")
    return render(request, "bookings/interpreter/deliver.html", {"form": form, "booking": booking})


@login_required
def job_document(request, pk: int, document_pk: int):
    """A document of a job assigned to the signed-in interpreter (the source text to translate)."""
    booking = get_object_or_404(Booking, pk=pk, interpreter=interpreter_for(request.user))
    document = get_object_or_404(booking.documents, pk=document_pk)
    audit_record(booking=booking, user=request.user, action=AuditAction.DOWNLOADED, what=document.original_name)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


# Path parameters match only the characters their values are made of, never a NUL: a request with one answers
# 404 instead of reaching the database. Calendar tokens are URL-safe base64 (`slug`); one-click tokens are
# Django's signed values (URL-safe base64 and `:`).
ONECLICK_TOKEN = r"[-\w:]+"

urlpatterns = [
    path("offers/", offer_list, name="interpreter_offers"),
    path("offers/<int:pk>/accept/", offer_accept_view, name="interpreter_offer_accept"),
    path("offers/<int:pk>/decline/", offer_decline_view, name="interpreter_offer_decline"),
    *[
        re_path(
            rf"^offers/(?P<token>{ONECLICK_TOKEN})/{action}/$",
            offer_oneclick,
            {"action": action},
            name=f"offer_oneclick_{action}",
        )
        for action in ACTIONS
    ],
    path("agenda/", agenda, name="interpreter_agenda"),
    path("agenda/calendar-link/", calendar_token_reset, name="interpreter_calendar_reset"),
    path("calendar/<slug:token>.ics", calendar_feed, name="calendar_feed"),
    path("jobs/<int:pk>/timesheet/", timesheet, name="interpreter_timesheet"),
    path("jobs/<int:pk>/documents/<int:document_pk>/", job_document, name="interpreter_job_document"),
    path("translations/", translation_list, name="interpreter_translations"),
    path("translations/<int:pk>/deliver/", translation_delivery, name="interpreter_translation_deliver"),
]
