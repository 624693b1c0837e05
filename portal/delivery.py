"""A translator delivers the translated file(s): they are stored and the translation is completed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.lifecycle import TransitionError, booking_transition
from bookings.models import Booking, Document, DocumentPurpose, Kind, Status
from bookings.notes import Note
from bookings.uploads import ACCEPTED, check_document, document_store
from notifications import events

DELIVERY_EXTENSIONS = ("pdf", "docx", "odt")
DELIVERY_CONTENT_TYPES = {ACCEPTED[ext][0] for ext in DELIVERY_EXTENSIONS}
DELIVERY_ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in DELIVERY_EXTENSIONS)


def check_delivery_file(upload) -> str:
    """Content type of an acceptable translated file (PDF, DOCX or ODT, checked by content and size)."""
    content_type = check_document(upload)
    if content_type not in DELIVERY_CONTENT_TYPES:
        raise ValidationError(
            _("%(name)s: lever een vertaling aan als PDF, DOCX of ODT.") % {"name": upload.name}, code="file_type"
        )
    return content_type


def translation_deliver(*, booking: Booking, by, files, now=None) -> list[Document]:
    """Store the translated files of a confirmed translation and complete it; all or nothing.

    Every file is checked before anything is written. The booking must be a translation, confirmed and
    assigned; the caller checks that `by` is its translator (or staff).
    """
    now = now or timezone.now()
    if booking.kind != Kind.TRANSLATION:
        raise ValidationError(_("Dit is geen vertaalopdracht."))
    if not files:
        raise ValidationError({"files": _("Kies minstens één bestand.")})
    errors = []
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_delivery_file(upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    try:
        with transaction.atomic():
            booking_transition(
                booking=booking,
                to=Status.COMPLETED,
                by=by,
                from_statuses=[Status.CONFIRMED],
                note=Note("translation_delivered"),
                now=now,
            )
            documents = [
                document_store(
                    booking=booking,
                    upload=upload,
                    content_type=content_type,
                    by=by,
                    purpose=DocumentPurpose.TRANSLATION,
                )
                for upload, content_type in checked
            ]
            events.notify_translation_delivered(booking)
    except TransitionError:
        raise ValidationError(_("Deze vertaling kan niet (meer) geleverd worden.")) from None
    return documents
