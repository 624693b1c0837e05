"""Free text in a statement's CSV and XLSX never becomes a live formula; amounts stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from billing.models import Party
from billing.services import price_line_correct, price_pending_jobs
from billing.statements import statement_create
from tests.billing.conftest import brussels, completed_job, requester_tariff
from tests.factories import OrganisationFactory, StaffFactory
from tests.security.test_hostile_input_files import FORMULAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(client, clean_tariffs):
    """export(reason, fmt) → the response of a statement whose correction has `reason`."""

    def run(reason: str, fmt: str):
        requester_tariff()
        organisation = OrganisationFactory()
        job = completed_job(starts_at=brussels(2026, 1, 5, 10), organisation=organisation)
        price_pending_jobs()
        price_line_correct(booking=job, party=Party.REQUESTER, amount=Decimal("-3.30"), reason=reason)
        statement = statement_create(organisation=organisation, year=2026, quarter=1, now=brussels(2026, 4, 1, 8))
        client.force_login(StaffFactory())
        return client.get(reverse("billing:statement_export", args=[statement.pk, fmt]))

    return run


@pytest.mark.parametrize("payload", FORMULAS)
def test_a_formula_in_a_correction_reason_is_plain_text_in_the_csv(export, payload):
    rows = list(csv.DictReader(io.StringIO(export(payload, "csv").content.decode())))

    correction = next(row for row in rows if row["correction_reason"])
    assert correction["correction_reason"] == "'" + payload.strip()  # the service strips the reason
    assert correction["amount"] == "-3.30"


@pytest.mark.parametrize("payload", FORMULAS)
def test_a_formula_in_a_correction_reason_is_plain_text_in_the_xlsx(export, payload):
    sheet = load_workbook(io.BytesIO(export(payload, "xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    reason_column = header.index("correction_reason")

    correction = next(row for row in sheet.iter_rows(min_row=2) if row[reason_column].value)
    assert correction[reason_column].value == "'" + payload.strip()
    assert correction[reason_column].data_type == "s"
    assert correction[header.index("amount")].value == pytest.approx(-3.30)
