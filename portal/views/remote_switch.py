"""The requester's switch from an on-site interpreter to phone or video, offered when no one can come."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bookings.models import Booking, Status
from interpreters.models import Mode
from organisations.services import organisations_of
from portal.services import booking_switch_to_remote


class RemoteSwitchForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("Hoe mag de tolk helpen?"),
        choices=[(Mode.PHONE, Mode.PHONE.label), (Mode.VIDEO, Mode.VIDEO.label)],
        widget=forms.RadioSelect,
    )


def _get_booking(request, pk) -> Booking:
    """Only members of the booking's organisation; 404 for everyone else."""
    bookings = Booking.objects.select_related("language", "organisation")
    return get_object_or_404(bookings, pk=pk, organisation__in=organisations_of(request.user).values("pk"))


@login_required
def switch_to_remote(request, pk):
    booking = _get_booking(request, pk)
    switchable = booking.mode == Mode.ON_SITE and booking.status in Status.open_values()
    form = RemoteSwitchForm(request.POST or None)
    if request.method == "POST" and switchable and form.is_valid():
        try:
            booking_switch_to_remote(booking=booking, mode=form.cleaned_data["mode"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("We zoeken nu een tolk op afstand."))
            return redirect("requester_booking_detail", pk=booking.pk)
    return render(request, "bookings/remote_switch.html", {"booking": booking, "form": form, "switchable": switchable})


urlpatterns = [
    path("bookings/<int:pk>/switch-to-remote/", switch_to_remote, name="booking_switch_to_remote"),
    # the same page under the name the notifications work links to
    path("bookings/<int:pk>/switch-to-remote/", switch_to_remote, name="booking_switch_remote"),
]
