"""Retention: personal data of a booking is removed a configurable time after the job ends.

What goes (TOLK_RETENTION_MONTHS after the end of the job, default 12): the client's name, the address,
the contact on site, notes, the cancellation reason (also in the history), timesheet remarks, complaint
texts, the text and attachments of the emails about it, and every uploaded or delivered document (file
and row). What stays, so that reports and invoices still add up: the booking row with its kind, mode,
language, sector, organisation, postcode/municipality (the region), times, status, interpreter and the
status history. Run by beat daily (`bookings.remove_personal_data`) and by `manage.py remove_personal_data`.
"""

from datetime import datetime

from celery import shared_task
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from bookings.audit import AuditAction, audit_record
from bookings.models import Booking, Document, Feedback, Message, Status, StatusChange, Timesheet

FINISHED = [Status.COMPLETED, Status.CANCELLED, Status.UNFILLED]
BATCH = 500


def retention_cutoff(now: datetime) -> datetime:
    return now - relativedelta(months=settings.TOLK_RETENTION_MONTHS)


def bookings_due_for_removal(*, now: datetime):
    """Finished bookings whose job ended before the cut-off and still hold personal data."""
    return (
        Booking.objects.filter(status__in=FINISHED, personal_data_removed_at__isnull=True)
        .annotate(job_end=Coalesce(F("ends_at"), F("deadline"), F("starts_at")))
        .filter(job_end__lt=retention_cutoff(now))
    )


def booking_personal_data_remove(*, booking: Booking, now: datetime) -> None:
    with transaction.atomic():
        claimed = Booking.objects.filter(pk=booking.pk, personal_data_removed_at__isnull=True).update(
            client_name="",
            address="",
            contact_on_site="",
            notes="",
            cancellation_reason="",
            personal_data_removed_at=now,
        )
        if not claimed:
            return  # another run got here first
        StatusChange.objects.filter(booking=booking, to_status=Status.CANCELLED).update(note="")
        Timesheet.objects.filter(booking=booking).update(remarks="")
        Feedback.objects.filter(booking=booking).update(complaint_text="", complaint_resolution="")
        Message.objects.filter(booking=booking).update(body_text="", body_html="", attachments=[])
        files = [document.file for document in Document.objects.filter(booking=booking)]
        Document.objects.filter(booking=booking).delete()
        audit_record(booking=booking, user=None, action=AuditAction.PERSONAL_DATA_REMOVED)
        # files go once the rows are gone for sure
        transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files if file.name])


def personal_data_remove_due(*, now: datetime | None = None, limit: int = BATCH) -> list[int]:
    """One pass: remove what is due (at most `limit` bookings); returns their ids."""
    now = now or timezone.now()
    ids = list(bookings_due_for_removal(now=now).order_by("job_end").values_list("pk", flat=True)[:limit])
    for booking in Booking.objects.filter(pk__in=ids):
        booking_personal_data_remove(booking=booking, now=now)
    return ids


@shared_task(name="bookings.remove_personal_data")
def remove_personal_data() -> None:
    """Beat, daily: remove the personal data that is due (in batches until none is left)."""
    while len(personal_data_remove_due()) == BATCH:
        pass
