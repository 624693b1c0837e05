"""Pages of the requester: dashboard, book an interpreter, order a translation, list, detail, cancel, .ics.

A requester sees the bookings of its own organisations only (404 for any other); interpreters and staff
have their own pages and get 403 here, except that the booking link of an .ics file sends them there.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.roles import Role, user_role
from bookings.audit import AuditAction, audit_record
from bookings.calendar import booking_ics
from bookings.models import Booking, Feedback, Kind, Offer, Status, Timesheet, TimesheetStatus
from bookings.policy import series_dates_check
from config.fragments import content_key
from organisations.services import current_organisation, organisations_of, saved_places
from portal.booking_defaults import booking_form_initial
from portal.forms import (
    BookingFilterForm,
    CancelForm,
    CancelScope,
    InterpretingForm,
    TranslationForm,
    apply_service_errors,
)
from portal.orders import translation_submit
from portal.services import (
    booking_cancel,
    booking_series_cancel_future,
    booking_series_submit,
    booking_submit,
    series_starts,
)
from portal.threads import thread_of

PAGE_SIZE = 25
DASHBOARD_ROWS = 10
FEEDBACK_DAYS = 30


def _require_requester(request):
    if user_role(request.user) != Role.REQUESTER:
        raise PermissionDenied(_("Deze pagina is voor aanvragers."))


def _organisation_or_none(request):
    _require_requester(request)
    return current_organisation(request)


def _get_booking(request, pk) -> Booking:
    """The booking, if it belongs to one of the requester's organisations; 404 otherwise."""
    _require_requester(request)
    bookings = Booking.objects.for_lists().select_related("series", "preferred_interpreter__user")
    return get_object_or_404(bookings, pk=pk, organisation__in=organisations_of(request.user).values("pk"))


def _no_organisation(request):
    messages.error(request, _("Je account hoort nog bij geen enkele organisatie. Neem contact op met het agentschap."))
    return redirect("dashboard")


def _dashboard_lists(organisation, now) -> dict[str, list[Booking]]:
    """The dashboard's six lists, each in one query with what its rows show."""
    mine = Booking.objects.for_organisation(organisation).for_requester_rows()
    lists = {
        "upcoming": mine.upcoming(now).filter(kind=Kind.INTERPRETING).exclude(status=Status.CANCELLED),
        "unfilled": mine.upcoming(now).filter(status=Status.UNFILLED),
        "at_risk": mine.upcoming(now)
        .filter(status__in=[Status.SUBMITTED, Status.OFFERED])
        .filter(starts_at__lte=now + timedelta(hours=settings.TOLK_AT_RISK_HOURS)),
        "translations": mine.filter(kind=Kind.TRANSLATION, status__in=Status.cancellable_values()).order_by(
            F("deadline").asc(nulls_last=True)
        ),
        "awaiting_approval": mine.filter(timesheet__status=TimesheetStatus.PENDING).order_by("-starts_at"),
        # NOT EXISTS rather than feedback__isnull: PostgreSQL then walks booking_org_start backwards and stops at
        # the rows shown, instead of joining and sorting the month's completed jobs (bench/README.md)
        "awaiting_feedback": mine.past(now)
        .filter(status=Status.COMPLETED, starts_at__gte=now - timedelta(days=FEEDBACK_DAYS))
        .filter(~Exists(Feedback.objects.filter(booking=OuterRef("pk"))))
        .order_by("-starts_at"),
    }
    return {name: list(queryset[:DASHBOARD_ROWS]) for name, queryset in lists.items()}


def dashboard(request):
    organisation = _organisation_or_none(request)
    context = {"organisations": list(organisations_of(request.user))}
    if organisation is not None:
        lists = _dashboard_lists(organisation, timezone.now())
        # each list's HTML kept by what it shows (config/fragments.py)
        keys = {name: content_key(name, rows) for name, rows in lists.items()}
        context.update(lists, keys=keys, fragment_seconds=settings.FRAGMENTS["TIMEOUT"])
    return render(request, "bookings/requester/dashboard.html", context)


def _booking_to_repeat(request, organisations) -> Booking | None:
    """?again=<id>: an earlier interpreting booking of one of the requester's organisations to book again."""
    try:
        pk = int(request.GET.get("again", ""))
    except ValueError:
        return None
    bookings = Booking.objects.select_related("organisation").filter(kind=Kind.INTERPRETING)
    return get_object_or_404(bookings, pk=pk, organisation__in=organisations)


def _series_dates(checked) -> str:
    return ",".join(item.day.isoformat() for item in checked)


def _series_check(request, form):
    """The dates of the series with their holidays, closure days and short notice, to show before saving; None
    when there is nothing to warn about or the requester confirmed these very dates (the second POST)."""
    starts = series_starts(
        starts_at=form.starts_at(),
        recurrence=form.cleaned_data["recurrence"],
        occurrences=form.cleaned_data["occurrences"],
    )
    checked = series_dates_check(starts, now=timezone.now(), language=get_language())
    if not any(item.flagged for item in checked):
        return None
    if request.POST.get("series_confirmed") and request.POST.get("series_dates") == _series_dates(checked):
        return None
    return checked


def _series_skipped(request) -> set[date]:
    """The dates the requester ticked to leave out (a tampered value is ignored)."""
    skipped = set()
    for value in request.POST.getlist("skip"):
        try:
            skipped.add(date.fromisoformat(value))
        except ValueError:
            continue
    return skipped


@login_required
def booking_new(request):
    organisation = _organisation_or_none(request)
    if organisation is None:
        return _no_organisation(request)
    organisations = organisations_of(request.user)
    again = _booking_to_repeat(request, organisations)
    # prefilled from the query (an immediate request nobody took offers a booking ahead: views/immediate.py)
    prefill = {name: request.GET[name] for name in ("language", "mode", "sector") if name in request.GET}
    form = InterpretingForm(
        request.POST or None,
        initial=booking_form_initial(organisation=organisation, again=again) | prefill,
        organisation=organisation,
        organisations=organisations,
        places=saved_places(again.organisation if again else organisation),
    )
    series_check = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data["organisation"]
        series_check = _series_check(request, form) if data.get("recurrence") else None
        if series_check is not None:
            context = {
                "form": form,
                "series_check": series_check,
                "series_dates": _series_dates(series_check),
                "notice_days": settings.TOLK_NOTICE_WORKING_DAYS,
            }
            return render(request, "bookings/requester/booking_form.html", context)
        try:
            if data.get("recurrence"):
                bookings = booking_series_submit(
                    request=form.to_request(),
                    organisation=organisation,
                    by=request.user,
                    recurrence=data["recurrence"],
                    occurrences=data["occurrences"],
                    skip=_series_skipped(request),
                )
            else:
                bookings = [booking_submit(request=form.to_request(), organisation=organisation, by=request.user)]
        except ValidationError as error:
            apply_service_errors(form, error, InterpretingForm.SERVICE_FIELDS)
        else:
            messages.success(
                request,
                ngettext(
                    "Je aanvraag %(ref)s is ingediend. We zoeken een tolk.",
                    "Je reeks van %(count)d afspraken is ingediend, te beginnen met %(ref)s. We zoeken een tolk.",
                    len(bookings),
                )
                % {"ref": bookings[0].reference, "count": len(bookings)},
            )
            return redirect("requester_booking_detail", pk=bookings[0].pk)
    return render(request, "bookings/requester/booking_form.html", {"form": form})


@login_required
def translation_new(request):
    organisation = _organisation_or_none(request)
    if organisation is None:
        return _no_organisation(request)
    form = TranslationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = translation_submit(
                request=form.to_request(),
                organisation=organisation,
                by=request.user,
                uploads=form.cleaned_data["documents"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Je vertaling %(ref)s is besteld.") % {"ref": booking.reference})
            return redirect("requester_booking_detail", pk=booking.pk)
    context = {"form": form, "max_size": settings.TOLK_UPLOAD_MAX_BYTES}
    return render(request, "bookings/requester/translation_form.html", context)


@login_required
def booking_list(request):
    organisation = _organisation_or_none(request)
    if organisation is None:
        return _no_organisation(request)
    filters = BookingFilterForm(request.GET or None)
    bookings = filters.filter(Booking.objects.for_requester_rows().for_organisation(organisation))
    bookings = bookings.order_by("-starts_at", "-pk")
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    # the rows' HTML kept by what they show (config/fragments.py)
    rows = (page.object_list, context["query"], page.number, page.paginator.num_pages)
    context.update(rows_key=content_key(*rows), fragment_seconds=settings.FRAGMENTS["TIMEOUT"])
    return render(request, "bookings/requester/booking_list.html", context)


def _elsewhere(request, pk):
    """/bookings/<pk>/ is the link in every .ics: send staff and the assigned interpreter to their own page."""
    role = user_role(request.user)
    if role == Role.STAFF:
        return redirect("staff_booking_desk", pk=get_object_or_404(Booking, pk=pk).pk)
    if role == Role.INTERPRETER:  # the job card: of the job when it is theirs, else of their offer of it
        if Booking.objects.filter(pk=pk, interpreter__user=request.user).exists():
            return redirect("interpreter_job", pk=pk)
        offer = get_object_or_404(Offer.objects.order_by("-created_at"), booking_id=pk, interpreter__user=request.user)
        return redirect("interpreter_offer", pk=offer.pk)
    return None


@login_required
def booking_detail(request, pk):
    elsewhere = _elsewhere(request, pk)
    if elsewhere is not None:
        return elsewhere
    booking = _get_booking(request, pk)
    audit_record(booking=booking, user=request.user, action=AuditAction.VIEWED)
    siblings = []
    if booking.series_id:
        siblings = Booking.objects.for_lists().filter(series_id=booking.series_id).order_by("starts_at")
    context = {
        "booking": booking,
        "history": booking.history.select_related("by"),
        "thread": thread_of(booking),
        "documents": booking.documents.all(),
        "siblings": siblings,
        "timesheet": Timesheet.objects.filter(booking=booking).first(),
    }
    return render(request, "bookings/requester/booking_detail.html", context)


@login_required
def booking_cancel_view(request, pk):
    booking = _get_booking(request, pk)
    if not booking.is_cancellable:
        messages.error(request, _("Deze boeking kan niet meer geannuleerd worden."))
        return redirect("requester_booking_detail", pk=booking.pk)
    in_series = booking.series_id is not None
    form = CancelForm(request.POST or None, in_series=in_series)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if in_series and form.cleaned_data["scope"] == CancelScope.FUTURE:
                cancelled = booking_series_cancel_future(booking=booking, by=request.user, reason=reason)
            else:
                cancelled = [booking_cancel(booking=booking, by=request.user, reason=reason)]
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            late = [item.reference for item in cancelled if item.late_cancellation]
            messages.success(
                request,
                ngettext("%(count)d afspraak geannuleerd.", "%(count)d afspraken geannuleerd.", len(cancelled))
                % {"count": len(cancelled)},
            )
            if late:
                messages.warning(
                    request, _("Late annulering (wordt aangerekend): %(refs)s") % {"refs": ", ".join(late)}
                )
            return redirect("requester_booking_detail", pk=booking.pk)
    now = timezone.now()
    context = {
        "booking": booking,
        "form": form,
        "late": booking.is_late_cancellation(now),
        "free_until": booking.free_cancellation_until,
        "later_count": (
            Booking.objects.filter(
                series_id=booking.series_id, starts_at__gt=booking.starts_at, status__in=Status.cancellable_values()
            ).count()
            if in_series
            else 0
        ),
    }
    return render(request, "bookings/requester/booking_cancel.html", context)


@login_required
def booking_ics_view(request, pk):
    booking = _get_booking(request, pk)
    response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response


@login_required
def document_download(request, pk, document_pk):
    booking = _get_booking(request, pk)
    document = get_object_or_404(booking.documents, pk=document_pk)
    audit_record(booking=booking, user=request.user, action=AuditAction.DOWNLOADED, what=document.original_name)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


urlpatterns = [
    path("bookings/", booking_list, name="requester_booking_list"),
    path("bookings/new/interpreter/", booking_new, name="requester_booking_new"),
    path("bookings/new/translation/", translation_new, name="requester_translation_new"),
    path("bookings/<int:pk>/", booking_detail, name="requester_booking_detail"),
    path("bookings/<int:pk>/cancel/", booking_cancel_view, name="requester_booking_cancel"),
    path("bookings/<int:pk>/ics/", booking_ics_view, name="requester_booking_ics"),
    path("bookings/<int:pk>/documents/<int:document_pk>/", document_download, name="requester_booking_document"),
]
