"""Posting to a booking's message thread (portal/threads.py); each role reads it on its own booking page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Role, user_role
from bookings.models import THREAD_MESSAGE_MAX, Booking
from portal.threads import thread_may_read, thread_post


class ThreadMessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Nieuw bericht"), max_length=THREAD_MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


def booking_page(user, booking: Booking) -> str:
    """Where `user` reads the booking and its thread."""
    role = user_role(user)
    if role == Role.STAFF:
        return reverse("staff_booking_desk", args=[booking.pk])
    if role == Role.INTERPRETER:
        return reverse("interpreter_job", args=[booking.pk])
    return reverse("requester_booking_detail", args=[booking.pk])


@login_required
@require_POST
def thread_post_view(request, pk: int):
    booking = get_object_or_404(Booking.objects.select_related("interpreter", "requested_by"), pk=pk)
    if not thread_may_read(user=request.user, booking=booking):
        raise Http404
    form = ThreadMessageForm(request.POST)
    if form.is_valid():
        try:
            thread_post(booking=booking, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            for problem in error.message_dict.get("body", []):
                messages.error(request, problem)
        else:
            messages.success(request, _("Je bericht is verstuurd."))
    else:
        for problem in form.errors.get("body", []):
            messages.error(request, problem)
    return redirect(booking_page(request.user, booking) + "#thread")


urlpatterns = [path("bookings/<int:pk>/thread/", thread_post_view, name="booking_thread_post")]
