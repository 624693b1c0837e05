import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bookings.uploads import check_document
from tests.portal.conftest import DOCX_BYTES, JPG_BYTES, ODT_BYTES, PDF_BYTES, PNG_BYTES, zip_bytes


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", PDF_BYTES, "application/pdf"),
        ("a.docx", DOCX_BYTES, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.odt", ODT_BYTES, "application/vnd.oasis.opendocument.text"),
        ("a.jpeg", JPG_BYTES, "image/jpeg"),
        ("A.PNG", PNG_BYTES, "image/png"),
    ],
)
def test_accepted_documents_get_their_content_type(name, content, content_type):
    assert check_document(SimpleUploadedFile(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.txt", b"text", "file_type"),
        ("noextension", PDF_BYTES, "file_type"),
        ("a.png", JPG_BYTES, "file_content"),
        ("a.odt", DOCX_BYTES, "file_content"),
        ("a.docx", ODT_BYTES, "file_content"),
        ("a.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "file_content"),
        ("a.pdf", b"", "file_content"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as raised:
        check_document(SimpleUploadedFile(name, content))
    assert raised.value.code == code


def test_checking_leaves_the_file_ready_to_be_read_from_the_start():
    upload = SimpleUploadedFile("a.docx", DOCX_BYTES)
    check_document(upload)
    assert upload.read() == DOCX_BYTES
