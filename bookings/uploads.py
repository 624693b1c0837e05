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


# A zip member is read only in chunks and up to a limit, and an archive whose declared sizes or compression
# ratio are those of a "zip bomb" (a small upload that unpacks to hundreds of megabytes) is refused unread.
ZIP_MEMBER_MAX_BYTES = 64 * 1024
ZIP_RATIO_MAX = 100  # deflated text reaches 10-20; only for members above ZIP_RATIO_FROM_BYTES
ZIP_RATIO_FROM_BYTES = 1024 * 1024
ZIP_TOTAL_MAX_BYTES = 100 * 1024 * 1024
ZIP_MEMBERS_MAX = 5000


class ZipRefused(Exception):
    """A zip member or archive that unpacks to more than we read."""


def zip_sizes_check(archive: zipfile.ZipFile) -> None:
    """ZipRefused for too many members, too many bytes in all, or a member compressed beyond belief."""
    members = archive.infolist()
    if len(members) > ZIP_MEMBERS_MAX or sum(m.file_size for m in members) > ZIP_TOTAL_MAX_BYTES:
        raise ZipRefused
    for member in members:
        if member.file_size > ZIP_RATIO_FROM_BYTES and member.file_size > member.compress_size * ZIP_RATIO_MAX:
            raise ZipRefused(member.filename)


def zip_member_read(archive: zipfile.ZipFile, name: str, limit: int = ZIP_MEMBER_MAX_BYTES) -> bytes:
    """One member's content, read in chunks, never more than `limit` bytes (ZipRefused beyond).

    The declared size is checked first; the bounded read also stops a member whose header lies about it.
    """
    if archive.getinfo(name).file_size > limit:
        raise ZipRefused(name)
    content = b""
    with archive.open(name) as member:
        while chunk := member.read(8192):
            content += chunk
            if len(content) > limit:
                raise ZipRefused(name)
    return content


def _zip_problem(upload, extension: str) -> str | None:
    """None for a good .docx (a zip with word/document.xml) or .odt (whose `mimetype` names a text document);
    "file_archive" for a zip bomb, "file_content" for anything else."""
    try:
        with zipfile.ZipFile(upload) as archive:
            zip_sizes_check(archive)
            if extension == "docx":
                ok = "word/document.xml" in archive.namelist()
            else:
                ok = zip_member_read(archive, "mimetype").strip() == ODT_MIMETYPE
            return None if ok else "file_content"
    except ZipRefused:
        return "file_archive"
    except (zipfile.BadZipFile, KeyError, OSError):
        return "file_content"
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
    problem = "file_content" if head != signature else None
    if problem is None and signature == ZIP_SIGNATURE:
        problem = _zip_problem(upload, extension)
    if problem == "file_archive":
        raise ValidationError(
            _("%(name)s pakt uit tot veel meer dan een document: zo'n bestand kunnen we niet aannemen.")
            % {"name": name},
            code="file_archive",
        )
    if problem:
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
