import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory, requester


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="OCMW Hasselt")


@pytest.fixture
def user(organisation):
    return requester(organisation, username="aanvrager")


@pytest.fixture
def client_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def next_week():
    """A local date a week from now, far from any notice or cancellation boundary."""
    return timezone.localdate() + timedelta(days=7)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT_BYTES = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
