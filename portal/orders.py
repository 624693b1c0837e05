"""Ordering a translation: the booking and its documents, all stored or none."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import Booking, Kind
from bookings.requests import BookingRequest
from bookings.uploads import check_document, document_store
from organisations.models import Organisation
from portal.services import booking_submit


def translation_submit(
    *, request: BookingRequest, organisation: Organisation, by, uploads: list, now: datetime | None = None
) -> Booking:
    """Validate every file and the request, then store the booking with its source documents.

    Raises ValidationError (files under the key "documents") and leaves no row and no file behind.
    """
    assert request.kind == Kind.TRANSLATION
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_document(upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if not uploads:
        errors.append(_("Voeg minstens één document toe."))
    if errors:
        raise ValidationError({"documents": errors})
    stored: list[str] = []
    try:
        with transaction.atomic():
            booking = booking_submit(request=request, organisation=organisation, by=by, now=now)
            for upload, content_type in checked:
                document = document_store(booking=booking, upload=upload, content_type=content_type, by=by)
                stored.append(document.file.name)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return booking
