"""Uploaded documents: which files we accept (extension, content signature, size) and storing them."""

import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from bookings.models import Booking, Document, DocumentPurpose

ZIP_SIGNATURE = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# extension → (content type, what the first bytes must be)
ACCEPTED = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP_SIGNATURE),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP_SIGNATURE),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ACCEPTED)


def _zip_member_ok(upload, extension: str) -> bool:
    """A .docx is a zip with word/document.xml; an .odt a zip whose `mimetype` names a text document."""
    try:
        with zipfile.ZipFile(upload) as archive:
            if extension == "docx":
                return "word/document.xml" in archive.namelist()
            return archive.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        upload.seek(0)


def check_document(upload) -> str:
    """The content type of an acceptable upload; ValidationError naming the file otherwise."""
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ACCEPTED:
        raise ValidationError(
            _("%(name)s: dit bestandstype kan niet. Kies een PDF, DOCX, ODT, JPG of PNG.") % {"name": name},
            code="file_type",
        )
    if upload.size > settings.TOLK_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is te groot (%(size)s); het maximum is %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.TOLK_UPLOAD_MAX_BYTES),
            },
            code="file_size",
        )
    content_type, signature = ACCEPTED[extension]
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    if head != signature or (signature == ZIP_SIGNATURE and not _zip_member_ok(upload, extension)):
        raise ValidationError(
            _("%(name)s is geen echt %(ext)s-bestand: de inhoud past niet bij de extensie.")
            % {"name": name, "ext": extension.upper()},
            code="file_content",
        )
    return content_type


def display_name(name: str) -> str:
    """The uploader's file name as shown and offered on download: no folders, no control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip(" .")
    return cleaned[:255] or "document"


def document_store(*, booking: Booking, upload, content_type: str, by, purpose=DocumentPurpose.SOURCE) -> Document:
    """Save one checked upload for a booking. The caller runs this inside its transaction.

    The name on disk is random (with the extension the content was checked against): the uploader's
    file name is never used as a path; it is kept, cleaned, only to show and to name the download.
    """
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    document = Document(
        booking=booking,
        purpose=purpose,
        original_name=display_name(upload.name),
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    stored = f"{uuid.uuid4().hex}.{extension if extension in ACCEPTED else 'bin'}"
    document.file.save(stored, upload, save=False)
    document.save()
    return document
