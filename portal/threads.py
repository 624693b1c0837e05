"""The message thread of a booking: its requester's organisation, the interpreter while assigned, and staff.

Each message is a ThreadMessage row; every reader but the author gets one mail notice per message, through the
outbox in the same transaction (key `thread_message:<message>:<user>`: queued twice, sent once), in their own
language. The readers are the one who booked (or, when that account is gone, nobody of the organisation), the
assigned interpreter and the staff who get staff mail (notifications/recipients.py).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, user_role
from bookings.models import THREAD_MESSAGE_MAX, Booking, ThreadMessage
from notifications.outbox import message_queue
from notifications.recipients import staff_recipients
from organisations.models import Membership


def thread_may_read(*, user, booking: Booking) -> bool:
    """Staff; a member of the booking's organisation; the interpreter assigned now (not one who withdrew or was
    unassigned, nor one who only had an offer)."""
    role = user_role(user)
    if role == Role.STAFF:
        return True
    if role == Role.INTERPRETER:
        return booking.interpreter_id is not None and booking.interpreter.user_id == user.pk
    return Membership.objects.filter(user=user, organisation_id=booking.organisation_id).exists()


def thread_of(booking: Booking):
    """The booking's messages, oldest first, with their authors: one query."""
    return booking.thread_messages.select_related("author")


def thread_recipients(booking: Booking) -> list:
    users = {}
    if booking.requested_by_id and booking.requested_by.is_active:
        users[booking.requested_by_id] = booking.requested_by
    if booking.interpreter_id:
        users[booking.interpreter.user_id] = booking.interpreter.user
    for user in staff_recipients():
        users.setdefault(user.pk, user)
    return [users[pk] for pk in sorted(users)]


def thread_post(*, booking: Booking, author, body: str, now: datetime | None = None) -> ThreadMessage:
    """Add a message to the booking's thread and queue one notice to each other reader."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Schrijf een bericht.")})
    if len(body) > THREAD_MESSAGE_MAX:
        raise ValidationError({"body": _("Een bericht telt hoogstens %(max)d tekens.") % {"max": THREAD_MESSAGE_MAX}})
    if not thread_may_read(user=author, booking=booking):
        raise PermissionError("not a reader of this booking's thread")
    with transaction.atomic():
        message = ThreadMessage.objects.create(
            booking=booking, author=author, body=body, created_at=now or timezone.now()
        )
        author_name = author.get_full_name() or author.username
        for user in thread_recipients(booking):
            if user.pk == author.pk:
                continue
            message_queue(
                key=f"thread_message:{message.pk}:{user.pk}",
                kind="thread_message",
                booking=booking,
                recipient=user,
                context={"author_name": author_name, "body": body},
            )
    return message
