"""Signing off timesheets: the requester approves or disputes; staff settle the disputes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, user_role
from bookings.models import Booking
from bookings.timesheet_approval import (
    TimesheetNotPending,
    disputed_timesheets,
    timesheet_approve,
    timesheet_dispute_resolve,
    timesheets_to_approve,
)
from organisations.services import organisations_of
from portal.timesheet_actions import timesheet_dispute_announced


def _require_requester(request) -> None:
    if user_role(request.user) != Role.REQUESTER:
        raise PermissionDenied(_("Deze pagina is voor aanvragers."))


def _booking_of_my_organisation(request, pk: int) -> Booking:
    _require_requester(request)
    return get_object_or_404(Booking, pk=pk, organisation__in=organisations_of(request.user).values("pk"))


def _back(request, booking: Booking):
    """Back to the page the answer was given on: the booking's own page or the list of timesheets."""
    if request.POST.get("from") == "booking":
        return redirect("requester_booking_detail", pk=booking.pk)
    return redirect("requester_timesheets")


@login_required
def timesheet_list(request):
    _require_requester(request)
    rows = timesheets_to_approve(organisations_of(request.user).values("pk"))
    context = {"timesheets": rows, "approval_days": settings.TOLK_TIMESHEET_APPROVAL_DAYS}
    return render(request, "bookings/requester/timesheets.html", context)


@login_required
@require_POST
def timesheet_approve_view(request, pk: int):
    booking = _booking_of_my_organisation(request, pk)
    try:
        timesheet_approve(booking=booking, by=request.user)
    except TimesheetNotPending:
        messages.error(request, _("Dit prestatieblad wacht niet (meer) op goedkeuring."))
    else:
        messages.success(request, _("Prestatieblad van %(ref)s goedgekeurd.") % {"ref": booking.reference})
    return _back(request, booking)


@login_required
@require_POST
def timesheet_dispute_view(request, pk: int):
    booking = _booking_of_my_organisation(request, pk)
    try:
        timesheet_dispute_announced(booking=booking, by=request.user, reason=request.POST.get("reason", ""))
    except TimesheetNotPending:
        messages.error(request, _("Dit prestatieblad wacht niet (meer) op goedkeuring."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Prestatieblad van %(ref)s betwist. De planning neemt contact op.") % {"ref": booking.reference}
        )
    return _back(request, booking)


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise Http404


@login_required
def dispute_list(request):
    _staff_only(request)
    return render(request, "bookings/staff/timesheet_disputes.html", {"timesheets": disputed_timesheets()})


@login_required
@require_POST
def dispute_resolve_view(request, pk: int):
    _staff_only(request)
    booking = get_object_or_404(Booking, pk=pk)
    try:
        timesheet_dispute_resolve(booking=booking, by=request.user, resolution=request.POST.get("resolution", ""))
    except TimesheetNotPending:
        messages.error(request, _("Dit prestatieblad is niet (meer) betwist."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Betwisting van %(ref)s afgehandeld.") % {"ref": booking.reference})
    return redirect("staff_timesheet_disputes")


urlpatterns = [
    path("timesheets/", timesheet_list, name="requester_timesheets"),
    path("bookings/<int:pk>/timesheet/approve/", timesheet_approve_view, name="requester_timesheet_approve"),
    path("bookings/<int:pk>/timesheet/dispute/", timesheet_dispute_view, name="requester_timesheet_dispute"),
    path("staff/timesheet-disputes/", dispute_list, name="staff_timesheet_disputes"),
    path("staff/bookings/<int:pk>/timesheet/resolve/", dispute_resolve_view, name="staff_timesheet_resolve"),
]
