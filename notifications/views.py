"""Staff: the messages of one booking, the ones still waiting to go out (and why), and the ones that keep
failing (with "retry now")."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings.models import Booking, Message
from notifications.outbox import MAX_ATTEMPTS, failed_messages, message_retry, waiting_messages


def _staff_only(request) -> None:
    if not request.user.is_staff:
        raise Http404


@login_required
def booking_messages(request, pk: int):
    _staff_only(request)
    booking = get_object_or_404(Booking.objects.select_related("organisation"), pk=pk)
    rows = booking.messages.select_related("recipient").order_by("created_at", "id")
    return render(
        request,
        "bookings/staff/messages_booking.html",
        {"booking": booking, "rows": rows, "max_attempts": MAX_ATTEMPTS},
    )


@login_required
def failed_message_list(request):
    _staff_only(request)
    rows = failed_messages().select_related("booking", "recipient").order_by("-next_attempt_at", "-id")[:200]
    return render(request, "bookings/staff/messages_failed.html", {"rows": rows, "max_attempts": MAX_ATTEMPTS})


@login_required
def waiting_message_list(request):
    """What waits (e.g. the mail server is down): attempts so far, the last error and when it is tried next."""
    _staff_only(request)
    rows = waiting_messages().select_related("booking", "recipient")[:200]
    return render(request, "bookings/staff/messages_waiting.html", {"rows": rows, "max_attempts": MAX_ATTEMPTS})


@login_required
@require_POST
def message_retry_view(request, pk: int):
    _staff_only(request)
    message = get_object_or_404(Message, pk=pk)
    if message_retry(message=message):
        flash.success(request, _("Het bericht wordt opnieuw verstuurd."))
    else:
        flash.warning(request, _("Dit bericht staat niet (meer) op mislukt."))
    if request.POST.get("next") == "booking" and message.booking_id:
        return redirect("staff_booking_messages", pk=message.booking_id)
    return redirect("staff_failed_messages")
