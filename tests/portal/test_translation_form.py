import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Document, DocumentPurpose, Kind
from tests.portal.conftest import DOCX_BYTES, JPG_BYTES, ODT_BYTES, PDF_BYTES, PNG_BYTES, zip_bytes

pytestmark = pytest.mark.django_db
URL = reverse("requester_translation_new")


def upload(name, content):
    return SimpleUploadedFile(name, content)


def form_data(next_week, *files, **overrides):
    data = {
        "language": "ara",
        "target_language": "nld",
        "documents": list(files),
        "word_count": "1200",
        "deadline": f"{next_week.isoformat()}T16:00",
        "certified": "on",
        "sector": "justitie-politie",
        "notes": "Vonnis, 3 pagina's",
    }
    data.update(overrides)
    return data


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_translation_with_several_documents_is_stored_with_each_document(client_in, user, next_week, settings):
    files = [
        upload("vonnis.pdf", PDF_BYTES),
        upload("brief.docx", DOCX_BYTES),
        upload("attest.odt", ODT_BYTES),
        upload("scan.JPG", JPG_BYTES),
        upload("foto.png", PNG_BYTES),
    ]
    response = client_in.post(URL, form_data(next_week, *files))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.kind, booking.language_id, booking.target_language_id) == (Kind.TRANSLATION, "ara", "nld")
    assert booking.certified is True
    assert booking.word_count == 1200
    assert timezone.localtime(booking.deadline).strftime("%H:%M") == "16:00"
    documents = list(booking.documents.order_by("id"))
    assert [d.original_name for d in documents] == ["vonnis.pdf", "brief.docx", "attest.odt", "scan.JPG", "foto.png"]
    assert {d.purpose for d in documents} == {DocumentPurpose.SOURCE}
    assert documents[0].content_type == "application/pdf"
    assert documents[0].uploaded_by == user
    assert documents[0].file.read() == PDF_BYTES
    assert len(stored_files(settings)) == 5


def test_at_least_one_document_is_needed(client_in, next_week):
    response = client_in.post(URL, form_data(next_week))
    assert "documents" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_a_file_of_another_type_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, upload("setup.exe", b"MZ\x90\x00")))
    [message] = response.context["form"].errors["documents"]
    assert "setup.exe: dit bestandstype kan niet" in message
    assert not Booking.objects.exists()


def test_a_file_over_the_limit_is_refused(client_in, next_week, settings):
    settings.TOLK_UPLOAD_MAX_BYTES = 100
    response = client_in.post(URL, form_data(next_week, upload("groot.pdf", PDF_BYTES + b"x" * 200)))
    [message] = response.context["form"].errors["documents"]
    assert "groot.pdf is te groot" in message
    assert not Booking.objects.exists()


def test_a_fake_pdf_is_refused_by_its_content(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, upload("vonnis.pdf", b"<html>not a pdf</html>")))
    [message] = response.context["form"].errors["documents"]
    assert "vonnis.pdf is geen echt PDF-bestand" in message
    assert not Booking.objects.exists()


def test_a_zip_renamed_to_docx_is_refused(client_in, next_week):
    fake = zip_bytes({"readme.txt": b"hello"})
    response = client_in.post(URL, form_data(next_week, upload("brief.docx", fake)))
    assert "brief.docx is geen echt DOCX-bestand" in response.context["form"].errors["documents"][0]


def test_one_bad_file_means_nothing_is_saved(client_in, next_week, settings):
    files = [upload("goed.pdf", PDF_BYTES), upload("fout.png", PDF_BYTES), upload("ook-fout.txt", b"tekst")]
    response = client_in.post(URL, form_data(next_week, *files))
    errors = response.context["form"].errors["documents"]
    assert len(errors) == 2
    assert not Booking.objects.exists()
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_deadline_in_the_past_is_refused_and_the_rest_is_kept(client_in, next_week):
    response = client_in.post(
        URL, form_data(next_week, upload("vonnis.pdf", PDF_BYTES), deadline="2020-01-01T10:00", word_count="777")
    )
    form = response.context["form"]
    assert form.errors["deadline"] == ["De deadline ligt in het verleden."]
    assert 'value="777"' in response.content.decode()
    assert not Booking.objects.exists()


def test_the_same_source_and_target_language_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, upload("a.pdf", PDF_BYTES), target_language="ara"))
    assert response.context["form"].errors["target_language"] == ["De doeltaal verschilt van de brontaal."]


def test_a_failure_while_storing_removes_the_files_already_written(client_in, next_week, settings, monkeypatch):
    from portal import orders

    real_store = orders.document_store
    calls = []

    def store_then_fail(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_store(**kwargs)

    monkeypatch.setattr(orders, "document_store", store_then_fail)
    with pytest.raises(OSError):
        client_in.post(URL, form_data(next_week, upload("a.pdf", PDF_BYTES), upload("b.pdf", PDF_BYTES)))
    assert not Booking.objects.exists()
    assert stored_files(settings) == []
