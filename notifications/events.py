"""Event notifications. Each function records what to send in the outbox (notifications.outbox); services call
them inside their transaction, so a message exists exactly when the change it announces was committed.

Keys: `kind:booking:recipient[:extra]` (notifications/keys.py). The extra part says what makes a second message
of the same kind a different message (another interpreter confirmed, another change). The mails about offers
are matching's (matching/offer_mails.py).
"""

from django.urls import reverse

from bookings.links import absolute_url, booking_url
from notifications.keys import message_key
from notifications.outbox import message_queue
from notifications.recipients import staff_recipients


def staff_booking_url(booking) -> str:
    """Where staff act on a booking: the planning desk."""
    return absolute_url(reverse("staff_booking_detail", args=[booking.pk]))


def _interpreter_user(booking):
    return booking.interpreter.user if booking.interpreter_id else None


def send(kind: str, booking, recipient, extra: str = "", *, ics: bool = False, **context) -> None:
    """Queue the `kind` mail about `booking` to `recipient` (nobody: nothing), rendered now, once per key;
    `ics` attaches the booking as an agenda item."""
    if recipient is None:
        return
    message_queue(
        key=message_key(kind, booking.pk, recipient.pk, extra),
        kind=kind,
        booking=booking,
        recipient=recipient,
        context=context,
        ics=ics,
    )


def notify_booking_submitted(booking) -> None:
    """To the requester: we received the request. A series gets one message, about its first booking."""
    user = booking.requested_by
    if booking.series_id and user is not None:
        message_queue(
            key=message_key("booking_received", f"series-{booking.series_id}", user.pk),
            kind="booking_received",
            booking=booking,
            recipient=user,
            context={"booking_url": booking_url(booking), "series": booking.series},
        )
        return
    send("booking_received", booking, user, booking_url=booking_url(booking))


def notify_booking_confirmed(booking) -> None:
    """To the requester: who is coming (or calling); to the interpreter: the job is theirs."""
    extra = str(booking.interpreter_id)
    send("booking_confirmed", booking, booking.requested_by, extra, ics=True, interpreter=booking.interpreter)
    send("job_confirmed", booking, _interpreter_user(booking), ics=True, booking_url=booking_url(booking))


def notify_booking_cancelled(booking) -> None:
    """To the requester and, when one was assigned, the interpreter."""
    send("booking_cancelled", booking, booking.requested_by, audience="requester")
    send("booking_cancelled", booking, _interpreter_user(booking), audience="interpreter")


def notify_booking_changed(booking) -> None:
    """To the requester and the assigned interpreter."""
    version = str(int(booking.updated_at.timestamp() * 1000)) if booking.updated_at else ""
    url = booking_url(booking)
    send("booking_changed", booking, booking.requested_by, version, booking_url=url)
    send("booking_changed", booking, _interpreter_user(booking), version, booking_url=url)


def notify_booking_unassigned(booking, interpreter) -> None:
    """To the interpreter who was taken off a confirmed job (staff unassigned it): it is no longer theirs.

    Called with the interpreter the booking had before, since `booking.interpreter` is empty by then."""
    stamp = str(int(booking.updated_at.timestamp() * 1000)) if booking.updated_at else ""
    send("booking_unassigned", booking, interpreter.user if interpreter else None, stamp)


def notify_booking_withdrawn(booking, withdrawal) -> None:
    """To the requester: the interpreter gave the job back; we look for someone else at once."""
    send("booking_withdrawn", booking, booking.requested_by, str(withdrawal.pk), booking_url=booking_url(booking))


def notify_booking_unfilled(booking) -> None:
    """To staff: no interpreter found; to the requester for an on-site request: phone or video instead?"""
    url = booking_url(booking)
    for user in staff_recipients():
        send("booking_unfilled_staff", booking, user, booking_url=staff_booking_url(booking))
    switch_url = None
    if booking.mode == "on_site":
        switch_url = absolute_url(reverse("booking_switch_remote", args=[booking.pk]))
    send("booking_unfilled", booking, booking.requested_by, booking_url=url, switch_url=switch_url)


def notify_translation_delivered(booking) -> None:
    """To the requester: the translated files can be downloaded."""
    send("translation_delivered", booking, booking.requested_by, booking_url=booking_url(booking))


def notify_certification_lapsing(booking) -> None:
    """To staff: the assigned interpreter's certification is no longer valid on the day of the job."""
    url = staff_booking_url(booking)
    for user in staff_recipients():
        send("certification_lapsing_staff", booking, user, booking_url=url)


def notify_timesheet_waiting(timesheet) -> None:
    """To the requester: the interpreter filed the timesheet; approve or dispute it before it is approved
    by itself (TOLK_TIMESHEET_APPROVAL_DAYS working days)."""
    booking = timesheet.booking
    send(
        "timesheet_waiting",
        booking,
        booking.requested_by,
        str(timesheet.pk),
        approve_url=absolute_url(reverse("requester_timesheets")),
        due_at=timesheet.approval_due_at,
    )


def notify_timesheet_disputed(timesheet) -> None:
    """To staff: the requester disputed the timesheet; settle it on the disputes page."""
    booking = timesheet.booking
    for user in staff_recipients():
        send(
            "timesheet_disputed_staff",
            booking,
            user,
            str(timesheet.pk),
            disputes_url=absolute_url(reverse("staff_timesheet_disputes")),
            reason=timesheet.dispute_reason,
        )
