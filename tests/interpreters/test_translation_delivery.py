import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bookings.models import Document, DocumentPurpose, Message, Status
from portal.delivery import translation_deliver
from tests.factories import InterpreterFactory, OrganisationFactory, TranslationFactory, requester

pytestmark = pytest.mark.django_db


def pdf(name="vertaling.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF", content_type="application/pdf")


def docx(name="vertaling.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def delivered():
    """delivered() → the bookings whose requester was told (a queued `translation_delivered` mail)."""
    return lambda: [m.booking for m in Message.objects.filter(kind="translation_delivered").select_related("booking")]


@pytest.fixture
def translation(interpreter):
    organisation = OrganisationFactory()
    by = requester(organisation)
    return TranslationFactory(
        status=Status.CONFIRMED, interpreter=interpreter, organisation=organisation, requested_by=by
    )


def test_delivering_files_stores_them_and_completes_the_translation(
    interpreter_client, translation, delivered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = interpreter_client.post(
            reverse("interpreter_translation_deliver", args=[translation.pk]), {"files": [pdf(), docx()]}
        )

    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.status == Status.COMPLETED
    documents = translation.documents.filter(purpose=DocumentPurpose.TRANSLATION)
    assert sorted(documents.values_list("original_name", flat=True)) == ["vertaling.docx", "vertaling.pdf"]
    assert documents.get(original_name="vertaling.pdf").file.read().startswith(b"%PDF-")
    assert delivered() == [translation]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("vals.pdf", b"MZ this is not a pdf"),
        SimpleUploadedFile("vals.docx", b"PK\x03\x04 broken zip"),
        SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 jpeg"),
        SimpleUploadedFile("script.exe", b"MZ"),
    ],
    ids=["fake-pdf", "broken-docx", "image", "exe"],
)
def test_a_file_that_is_not_a_real_pdf_docx_or_odt_is_refused(interpreter_client, translation, delivered, upload):
    response = interpreter_client.post(
        reverse("interpreter_translation_deliver", args=[translation.pk]), {"files": [pdf(), upload]}
    )

    assert response.status_code == 200
    assert upload.name in response.content.decode()
    translation.refresh_from_db()
    assert translation.status == Status.CONFIRMED
    assert not Document.objects.exists()
    assert delivered() == []


def test_a_too_large_file_is_refused(translation, interpreter, settings, delivered):
    settings.TOLK_UPLOAD_MAX_BYTES = 10

    with pytest.raises(ValidationError):
        translation_deliver(booking=translation, by=interpreter.user, files=[pdf()])
    translation.refresh_from_db()
    assert translation.status == Status.CONFIRMED


def test_a_completed_translation_cannot_be_delivered_again(translation, interpreter, delivered):
    translation_deliver(booking=translation, by=interpreter.user, files=[pdf()])

    with pytest.raises(ValidationError):
        translation_deliver(booking=translation, by=interpreter.user, files=[pdf("tweede.pdf")])
    assert translation.documents.count() == 1


def test_another_translators_job_is_404(interpreter_client, delivered):
    theirs = TranslationFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())

    response = interpreter_client.post(reverse("interpreter_translation_deliver", args=[theirs.pk]), {"files": [pdf()]})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED


def test_translator_sees_jobs_and_downloads_the_source_document(interpreter_client, translation, interpreter):
    source = Document.objects.create(
        booking=translation,
        purpose=DocumentPurpose.SOURCE,
        file=SimpleUploadedFile("brief.pdf", b"%PDF-1.4 bron"),
        original_name="brief.pdf",
        content_type="application/pdf",
        size=13,
    )

    page = interpreter_client.get(reverse("interpreter_translations")).content.decode()
    download = interpreter_client.get(reverse("interpreter_job_document", args=[translation.pk, source.pk]))

    assert translation.reference in page
    assert "brief.pdf" in page
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bron"
    other = InterpreterFactory()
    interpreter_client.force_login(other.user)
    assert (
        interpreter_client.get(reverse("interpreter_job_document", args=[translation.pk, source.pk])).status_code == 404
    )
