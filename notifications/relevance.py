"""Whether a queued message is still wanted when its send comes, which can be long after it was queued (a
retry after an SMTP outage): a reminder for a job that was cancelled, re-assigned, moved or done meanwhile is
dropped, and so is an offer mail for an offer that is no longer open. Event notifications are always sent."""

from datetime import datetime

from bookings.models import Booking, DocumentPurpose, Kind, Message, Offer, OfferStatus, Status
from notifications.keys import message_key_extra, moment_stamp

JOB_REMINDERS = {"reminder_interpreter", "reminder_requester", "timesheet_missing"}
TRANSLATION_REMINDERS = {"translation_deadline", "translation_overdue"}
OFFER_MESSAGES = {"offer_made", "offer_expiring"}  # the extra part of their key is the offer id


def is_confirmed_job(booking: Booking) -> bool:
    confirmed = booking.status == Status.CONFIRMED and booking.interpreter_id is not None
    return booking.kind == Kind.INTERPRETING and confirmed


def still_needed(message: Message, now: datetime) -> bool:
    booking = message.booking
    if booking is None:
        return True
    if message.kind in JOB_REMINDERS:
        if not is_confirmed_job(booking):
            return False
        if message.kind == "reminder_interpreter" and booking.interpreter.user_id != message.recipient_id:
            return False
        return message.kind == "timesheet_missing" or (
            booking.starts_at > now and message_key_extra(message.key) == str(moment_stamp(booking.starts_at))
        )
    if message.kind == "at_risk":
        return booking.status in Status.open_values() and booking.starts_at > now
    if message.kind in TRANSLATION_REMINDERS:
        delivered = booking.documents.filter(purpose=DocumentPurpose.TRANSLATION).exists()
        return booking.status in [*Status.open_values(), Status.CONFIRMED] and not delivered
    if message.kind in OFFER_MESSAGES:
        offer_id = message_key_extra(message.key)
        return Offer.objects.filter(pk=offer_id, status=OfferStatus.OPEN, expires_at__gt=now).exists()
    return True
