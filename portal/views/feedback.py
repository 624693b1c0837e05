"""Feedback after a completed job (requester), complaints (staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.feedback import complaint_close, complaints, feedback_give
from bookings.models import Booking, Feedback
from organisations.services import organisations_of
from portal.interpreter_forms import ComplaintCloseForm, FeedbackForm


def _booking_of_my_organisation(request, pk: int) -> Booking:
    """Only members of the booking's organisation may rate it; anyone else gets a 404."""
    return get_object_or_404(Booking.objects.for_lists().filter(organisation__in=organisations_of(request.user)), pk=pk)


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise Http404


@login_required
def feedback_create(request, pk: int):
    booking = _booking_of_my_organisation(request, pk)
    existing = Feedback.objects.filter(booking=booking).first()
    form = FeedbackForm(request.POST or None)
    if existing is None and request.method == "POST" and form.is_valid():
        try:
            feedback_give(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Bedankt voor je feedback."))
            return redirect("feedback_give", pk=booking.pk)
    return render(request, "bookings/feedback/give.html", {"booking": booking, "form": form, "existing": existing})


@login_required
def complaint_list(request):
    _staff_only(request)
    show_closed = request.GET.get("closed") == "1"
    rows = complaints().filter(complaint_closed_at__isnull=not show_closed)
    return render(
        request,
        "bookings/feedback/complaints.html",
        {"complaints": rows, "show_closed": show_closed, "close_form": ComplaintCloseForm()},
    )


@login_required
@require_POST
def complaint_close_view(request, pk: int):
    _staff_only(request)
    feedback = get_object_or_404(Feedback.objects.exclude(complaint_type=""), pk=pk)
    form = ComplaintCloseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Beschrijf hoe de klacht werd afgehandeld."))
        complaint_close(feedback=feedback, by=request.user, resolution=form.cleaned_data["resolution"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Klacht afgesloten."))
    return redirect("complaint_list")


urlpatterns = [
    path("bookings/<int:pk>/feedback/", feedback_create, name="feedback_give"),
    path("complaints/", complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/close/", complaint_close_view, name="complaint_close"),
]
