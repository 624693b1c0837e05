"""Every export of a statement adds up to the sum of its lines; the UBL invoice carries Peppol BIS 3.0's fields."""

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from billing.exports import EXEMPTION_TEXT, statement_csv, statement_pdf, statement_xlsx
from billing.models import BillingProfile, Party
from billing.services import price_line_correct, price_pending_jobs
from billing.statements import statement_create
from billing.ubl import CUSTOMIZATION_ID, PROFILE_ID, NotAPeppolInvoice, statement_is_peppol, statement_ubl
from tests.billing.conftest import brussels, completed_job, completed_translation, interpreter_tariff, requester_tariff
from tests.billing.ubl_schema import valid_ubl
from tests.factories import OrganisationFactory, requester

pytestmark = pytest.mark.django_db
NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@pytest.fixture
def statement(clean_tariffs):
    requester_tariff()
    requester_tariff(mode="phone")
    requester_tariff(kind="translation", sworn_supplement=Decimal("25.00"))
    interpreter_tariff()
    interpreter_tariff(mode="phone")
    organisation = OrganisationFactory(name="OCMW Hasselt")
    BillingProfile.objects.create(
        organisation=organisation,
        enterprise_number="0212345668",
        peppol_endpoint="0212345668",
        buyer_reference="PO-2026-17",
    )
    job = completed_job(
        starts_at=brussels(2026, 1, 5, 10), booked=60, actual=80, travel_km=200, organisation=organisation
    )
    completed_translation(starts_at=brussels(2026, 2, 3, 9), words=1234, certified=True, organisation=organisation)
    completed_job(starts_at=brussels(2026, 3, 3, 9), booked=45, organisation=organisation, mode="phone")
    price_pending_jobs()
    price_line_correct(booking=job, party=Party.REQUESTER, amount=Decimal("-3.30"), reason="10 km te veel")
    return statement_create(organisation=organisation, year=2026, quarter=1, now=brussels(2026, 4, 1, 8))


def lines_sum(statement):
    return sum((line.amount for line in statement.lines.all()), Decimal("0.00"))


def test_the_statement_fixture_has_lines_of_every_kind(statement):
    # 84.00 (80 → 90 min) + 49.50 (150 km cap) − 3.30 + 197.44 (1234 words) + 25.00 (sworn) + 56.00 (phone minimum)
    assert lines_sum(statement) == statement.net_amount == Decimal("408.64")


def test_csv_lines_add_up_to_its_total(statement):
    rows = list(csv.DictReader(io.StringIO(statement_csv(statement))))
    lines = [row for row in rows if row["reference"]]
    total = next(row for row in rows if row["description"] == "total")

    assert len(lines) == statement.lines.count()
    assert sum(Decimal(row["amount"]) for row in lines) == Decimal(total["amount"]) == statement.total_amount
    assert any(row["description"] == EXEMPTION_TEXT for row in rows)


def test_xlsx_parsed_back_adds_up_to_its_total(statement):
    sheet = load_workbook(io.BytesIO(statement_xlsx(statement))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    lines = [row for row in rows if row[0]]
    total = next(row for row in rows if row[2] == "total")

    assert len(lines) == statement.lines.count()
    assert sum(Decimal(str(row[6])) for row in lines) == Decimal(str(total[6])) == statement.total_amount


def test_pdf_is_a_pdf_with_the_statement_number(statement):
    pdf = statement_pdf(statement)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


@pytest.fixture
def invoice(statement):
    return ET.fromstring(valid_ubl(statement_ubl(statement)))


def text(root, path):
    element = root.find(path, NS)
    assert element is not None, f"missing {path}"
    return element.text


def test_ubl_is_well_formed_with_the_invoice_root(statement):
    root = ET.fromstring(valid_ubl(statement_ubl(statement)))
    assert root.tag == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("cbc:CustomizationID", CUSTOMIZATION_ID),
        ("cbc:ProfileID", PROFILE_ID),
        ("cbc:ID", "AF-2026-Q1-"),
        ("cbc:IssueDate", "2026-04-01"),
        ("cbc:DueDate", "2026-05-01"),
        ("cbc:InvoiceTypeCode", "380"),
        ("cbc:DocumentCurrencyCode", "EUR"),
        ("cbc:BuyerReference", "PO-2026-17"),
        ("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", "0650986202"),
        ("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", "Agentschap"),
        ("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID", "BE0650986202"),
        ("cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode", "BE"),
        ("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", "0212345668"),
        ("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", "OCMW Hasselt"),
        ("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress/cbc:PostalZone", "3500"),
        ("cac:TaxTotal/cbc:TaxAmount", "0.00"),
        ("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount", "408.64"),
        ("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", "E"),
        ("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent", "0.00"),
        ("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason", EXEMPTION_TEXT),
        ("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cac:TaxScheme/cbc:ID", "VAT"),
        ("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", "408.64"),
        ("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "408.64"),
        ("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", "408.64"),
        ("cac:LegalMonetaryTotal/cbc:PayableAmount", "408.64"),
        ("cac:InvoiceLine/cbc:ID", "1"),
        ("cac:InvoiceLine/cbc:LineExtensionAmount", ""),
        ("cac:InvoiceLine/cac:Item/cbc:Name", ""),
        ("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID", "E"),
        ("cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cac:TaxScheme/cbc:ID", "VAT"),
        ("cac:InvoiceLine/cac:Price/cbc:PriceAmount", ""),
    ],
)
def test_ubl_carries_each_required_peppol_element(invoice, path, expected):
    assert text(invoice, path).startswith(expected)


@pytest.mark.parametrize(
    "path",
    [
        "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID",
        "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID",
    ],
)
def test_ubl_endpoints_carry_a_scheme(invoice, path):
    assert invoice.find(path, NS).get("schemeID") == "0208"


def test_ubl_amounts_carry_the_currency(invoice):
    amounts = invoice.findall(".//cbc:PayableAmount", NS) + invoice.findall(".//cbc:LineExtensionAmount", NS)
    assert amounts and all(element.get("currencyID") == "EUR" for element in amounts)


def test_ubl_lines_carry_a_quantity_with_unit_code_and_add_up_to_the_total(statement, invoice):
    lines = invoice.findall("cac:InvoiceLine", NS)
    quantities = [line.find("cbc:InvoicedQuantity", NS) for line in lines]
    line_total = sum(Decimal(line.find("cbc:LineExtensionAmount", NS).text) for line in lines)

    assert len(lines) == statement.lines.count()
    assert all(q is not None and q.get("unitCode") for q in quantities)
    assert {q.get("unitCode") for q in quantities} >= {"HUR", "KMT", "C62"}
    assert line_total == Decimal(text(invoice, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount"))
    assert line_total + Decimal(text(invoice, "cac:TaxTotal/cbc:TaxAmount")) == Decimal(
        text(invoice, "cac:LegalMonetaryTotal/cbc:PayableAmount")
    )


def test_ubl_line_amounts_match_quantity_times_price_within_a_cent(invoice):
    for line in invoice.findall("cac:InvoiceLine", NS):
        quantity = Decimal(line.find("cbc:InvoicedQuantity", NS).text)
        price = Decimal(line.find("cac:Price/cbc:PriceAmount", NS).text)
        amount = Decimal(line.find("cbc:LineExtensionAmount", NS).text)
        assert price >= 0
        assert abs(quantity * price - amount) <= Decimal("0.01")


def test_ubl_with_vat_uses_the_standard_category(statement, settings):
    statement.vat_rate = Decimal("21.00")
    statement.vat_amount = Decimal("85.81")  # 408.64 × 21 %
    statement.total_amount = statement.net_amount + statement.vat_amount
    root = ET.fromstring(valid_ubl(statement_ubl(statement)))

    assert text(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == "S"
    assert root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason", NS) is None
    assert text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "494.45"


@pytest.mark.parametrize("profile", [None, {"enterprise_number": "", "peppol_endpoint": ""}])
def test_an_organisation_without_a_peppol_address_gets_no_peppol_invoice(statement, profile):
    # An e-mail "endpoint" (scheme EM) is refused by Peppol (PEPPOL-EN16931-CL008): such a statement goes as a PDF.
    if profile is None:
        BillingProfile.objects.all().delete()
    else:
        BillingProfile.objects.update(**profile)

    assert not statement_is_peppol(statement)
    with pytest.raises(NotAPeppolInvoice):
        statement_ubl(statement)


def test_ubl_without_a_buyer_reference_uses_the_statement_number(statement):
    BillingProfile.objects.update(buyer_reference="")
    root = ET.fromstring(valid_ubl(statement_ubl(statement)))
    assert text(root, "cbc:BuyerReference") == statement.number


@pytest.mark.parametrize(
    ("number", "valid"), [("0650.986.202", True), ("0650986202", True), ("0650986203", False), ("123", False)]
)
def test_an_enterprise_number_is_checked_with_its_mod_97(number, valid):
    from django.core.exceptions import ValidationError

    from billing.models import validate_enterprise_number

    if valid:
        validate_enterprise_number(number)
    else:
        with pytest.raises(ValidationError):
            validate_enterprise_number(number)


def test_ubl_uses_the_enterprise_number_without_dots_when_no_peppol_address_is_set(statement):
    BillingProfile.objects.update(peppol_endpoint="", enterprise_number="0212.345.668")
    root = ET.fromstring(valid_ubl(statement_ubl(statement)))
    endpoint = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert (endpoint.text, endpoint.get("schemeID")) == ("0212345668", "0208")


VARIANTS = {
    "own Peppol address": {},
    "enterprise number only": {"peppol_endpoint": ""},
    "Peppol address in another scheme": {"peppol_scheme": "9925", "peppol_endpoint": "BE0212345668"},
    "no buyer reference": {"buyer_reference": ""},
}


@pytest.mark.parametrize("vat_rate", [Decimal("0.00"), Decimal("21.00")])
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_kind_of_statement_is_valid_ubl_2_1(statement, variant, vat_rate):
    BillingProfile.objects.update(**VARIANTS[variant])
    statement.vat_rate = vat_rate
    statement.vat_amount = (statement.net_amount * vat_rate / 100).quantize(Decimal("0.01"))
    statement.total_amount = statement.net_amount + statement.vat_amount

    assert statement_is_peppol(statement)
    valid_ubl(statement_ubl(statement))


def test_the_schema_check_refuses_a_document_out_of_order(statement):
    root = ET.fromstring(statement_ubl(statement))
    root.insert(0, root.find("cbc:ID", NS))  # the ID before CustomizationID breaks the schema's sequence

    with pytest.raises(AssertionError, match="not valid UBL 2.1"):
        valid_ubl(ET.tostring(root))


def test_a_statement_without_peppol_address_offers_the_pdf_and_says_why(client, statement):
    BillingProfile.objects.all().delete()
    client.force_login(requester(statement.organisation))

    page = client.get(reverse("billing:statement_detail", args=[statement.pk])).content.decode()

    assert "geen Peppol-adres" in page
    assert reverse("billing:statement_export", args=[statement.pk, "pdf"]) in page
    assert reverse("billing:statement_export", args=[statement.pk, "ubl"]) not in page
    assert client.get(reverse("billing:statement_export", args=[statement.pk, "ubl"])).status_code == 404
