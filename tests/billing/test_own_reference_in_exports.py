"""The requester's own reference (case number or cost centre) is on every line of its statement's exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from billing.exports import statement_csv, statement_xlsx
from billing.statements import statement_create
from tests.billing.conftest import brussels, completed_job, interpreter_tariff, requester_tariff
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    organisation = OrganisationFactory()
    completed_job(starts_at=brussels(2026, 2, 2, 10), organisation=organisation, requester_reference="DOS-7")
    return statement_create(organisation=organisation, year=2026, quarter=1, now=brussels(2026, 4, 2, 9))


def test_the_statement_csv_carries_the_own_reference(statement):
    rows = list(csv.DictReader(io.StringIO(statement_csv(statement))))

    assert rows[0]["your_reference"] == "DOS-7"


def test_the_statement_xlsx_carries_the_own_reference(statement):
    sheet = load_workbook(io.BytesIO(statement_xlsx(statement))).active
    header = [cell.value for cell in sheet[1]]

    assert sheet.cell(row=2, column=header.index("your_reference") + 1).value == "DOS-7"
