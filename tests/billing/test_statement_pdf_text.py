"""Names and correction reasons are text in a statement PDF, never markup."""

import base64
import re
import zlib
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from billing.models import Party
from billing.services import price_line_correct, price_pending_jobs
from billing.statements import statement_create
from tests.billing.conftest import brussels, completed_job, requester_tariff
from tests.factories import OrganisationFactory, StaffFactory
from tests.security.test_hostile_input_files import IMAGE_MARKUP, MARKUP_NAME, server_image

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    """The text drawn on the pages: the strings shown (`(...) Tj`) in every content stream (reportlab's
    ASCII85 over Flate), run together."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)~>\s*endstream", pdf, re.S):
        try:
            texts.append(zlib.decompress(base64.a85decode(stream)).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return "".join(re.findall(r"\(((?:\\.|[^\\)])*)\) Tj", "".join(texts)))


def statement_pdf_response(client, *, name: str, reason: str):
    requester_tariff()
    organisation = OrganisationFactory(name=name)
    job = completed_job(starts_at=brussels(2026, 1, 5, 10), organisation=organisation)
    price_pending_jobs()
    price_line_correct(booking=job, party=Party.REQUESTER, amount=Decimal("-3.30"), reason=reason)
    statement = statement_create(organisation=organisation, year=2026, quarter=1, now=brussels(2026, 4, 1, 8))
    client.force_login(StaffFactory())
    return client.get(reverse("billing:statement_export", args=[statement.pk, "pdf"]))


def test_a_name_that_is_markup_stays_text_in_the_statement_pdf(client, clean_tariffs):
    response = statement_pdf_response(client, name=MARKUP_NAME, reason="10 km te veel")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert MARKUP_NAME in pdf_text(response.content)


def test_an_image_tag_in_a_reason_embeds_no_file_of_the_server(client, clean_tariffs, tmp_path):
    reason = IMAGE_MARKUP.format(path=server_image(tmp_path))

    response = statement_pdf_response(client, name="OCMW Hasselt", reason=reason)

    assert response.status_code == 200
    assert b"/Subtype /Image" not in response.content
    assert "server-secret.jpg" in pdf_text(response.content)


@pytest.mark.parametrize(("language", "amount"), [("nl", "-3,30"), ("fr", "-3,30"), ("en", "-3.30")])
def test_the_statement_pdf_writes_dates_and_amounts_as_its_reader_does(client, clean_tariffs, language, amount):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = pdf_text(statement_pdf_response(client, name="OCMW Hasselt", reason="10 km te veel").content)

    assert "05/01/2026" in text and "2026-01-05" not in text
    assert "01/01/2026" in text and "31/03/2026" in text  # the period
    assert amount in text
