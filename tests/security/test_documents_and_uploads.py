"""Uploaded documents: checked by content, stored under a random name, served only through views."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches

from bookings.uploads import check_document, document_store
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def test_a_program_renamed_to_pdf_is_refused_by_its_content():
    with pytest.raises(ValidationError) as refused:
        check_document(SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 this is a windows program"))
    assert refused.value.code == "file_content"


def test_a_real_pdf_with_a_misleading_name_is_refused_by_its_name():
    with pytest.raises(ValidationError) as refused:
        check_document(SimpleUploadedFile("rapport.pdf.exe", PDF))
    assert refused.value.code == "file_type"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.TOLK_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check_document(SimpleUploadedFile("groot.pdf", PDF + b"0" * 2048))
    assert refused.value.code == "file_size"


def test_the_uploaders_file_name_is_never_used_as_a_path(settings):
    booking = BookingFactory()
    upload = SimpleUploadedFile("../../../etc/cron.d/x\x00\n.pdf", PDF)
    document = document_store(booking=booking, upload=upload, content_type="application/pdf", by=None)
    stored = document.file.name
    assert ".." not in stored and "cron" not in stored and "\x00" not in stored
    assert stored.startswith(f"documents/{booking.reference}/") and stored.endswith(".pdf")
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert document.original_name == "x.pdf"


def test_documents_are_not_served_from_the_media_url_even_in_debug(settings):
    """config/urls.py adds no static() media route; reloaded with DEBUG on, /media/ still answers 404."""
    booking = BookingFactory()
    upload = SimpleUploadedFile("dossier.pdf", PDF)
    document = document_store(booking=booking, upload=upload, content_type="application/pdf", by=None)
    settings.DEBUG = True
    import config.urls

    try:
        importlib.reload(config.urls)
        clear_url_caches()
        response = Client().get(f"/{settings.MEDIA_URL.strip('/')}/{document.file.name}")
        assert response.status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()
