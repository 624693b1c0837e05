"""A quarterly statement as a UBL 2.1 invoice following Peppol BIS Billing 3.0."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from billing.exports import exemption_text, plain_quantity, statement_lines
from billing.models import BillingProfile, Party, Statement
from billing.services import BRUSSELS

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CURRENCY = "EUR"

SUPPLIER = {
    "name": "Agentschap Integratie en Inburgering",
    "enterprise_number": "0650986202",
    "vat_number": "BE0650986202",
    "street": "Koloniënstraat 11",
    "city": "Brussel",
    "postcode": "1000",
    "country": "BE",
    "iban": "BE71096123456769",
}

ET.register_namespace("", INVOICE_NS)
ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def supplier() -> dict:
    return {**SUPPLIER, **getattr(settings, "BILLING_SUPPLIER", {})}


def _digits(value: str) -> str:
    """0650.986.202 → 0650986202 (the form Peppol's 0208 scheme uses)."""
    return "".join(ch for ch in value if ch.isdigit())


def _cac(parent, tag):
    return ET.SubElement(parent, f"{{{CAC}}}{tag}")


def _cbc(parent, tag, text, **attrs):
    element = ET.SubElement(parent, f"{{{CBC}}}{tag}", attrs)
    element.text = str(text)
    return element


def _amount(parent, tag, value: Decimal):
    return _cbc(parent, tag, f"{value:.2f}", currencyID=CURRENCY)


def _party(parent, tag, *, endpoint, scheme, name, street, city, postcode, legal_id, vat_number=""):
    party = _cac(_cac(parent, tag), "Party")
    _cbc(party, "EndpointID", endpoint, schemeID=scheme)
    _cbc(_cac(party, "PartyName"), "Name", name)
    address = _cac(party, "PostalAddress")
    if street:
        _cbc(address, "StreetName", street)
    _cbc(address, "CityName", city)
    _cbc(address, "PostalZone", postcode)
    _cbc(_cac(address, "Country"), "IdentificationCode", "BE")
    if vat_number:
        tax_scheme = _cac(party, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", vat_number)
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", name)
    if legal_id:
        _cbc(legal, "CompanyID", legal_id, schemeID="0208")


def _tax_category(parent, tag, rate: Decimal, *, with_reason: bool):
    category = _cac(parent, tag)
    _cbc(category, "ID", "S" if rate else "E")
    _cbc(category, "Percent", f"{rate:.2f}")
    if with_reason and not rate:
        _cbc(category, "TaxExemptionReason", exemption_text())
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")


class NotAPeppolInvoice(ValueError):
    """The statement's customer has no Peppol address: it is sent as a PDF, not as a Peppol invoice."""


def customer_endpoint(profile: BillingProfile | None) -> tuple[str, str] | None:
    """The customer's Peppol participant id as (id, scheme): its own Peppol address, else its enterprise number
    under scheme 0208 (every Belgian enterprise is addressable by it). None when it has neither: an e-mail
    address is no Peppol address (PEPPOL-EN16931-CL008 accepts only the schemes of the Peppol code list)."""
    if profile is None:
        return None
    if profile.peppol_endpoint:
        return profile.peppol_endpoint, profile.peppol_scheme
    if profile.enterprise_number:
        return _digits(profile.enterprise_number), "0208"
    return None


def _profile(statement: Statement) -> BillingProfile | None:
    return BillingProfile.objects.filter(organisation_id=statement.organisation_id).first()


def statement_is_peppol(statement: Statement) -> bool:
    """A requester's statement goes as a Peppol invoice only to an organisation with a Peppol address."""
    return statement.party == Party.REQUESTER and customer_endpoint(_profile(statement)) is not None


def statement_ubl(statement: Statement) -> bytes:
    """The invoice XML; its lines are the statement's price lines, its totals the statement's.
    Raises NotAPeppolInvoice for a statement that is not one (statement_is_peppol)."""
    organisation = statement.organisation
    profile = _profile(statement)
    customer = customer_endpoint(profile)
    if statement.party != Party.REQUESTER or customer is None:
        raise NotAPeppolInvoice(statement.number)
    seller = supplier()
    root = ET.Element(f"{{{INVOICE_NS}}}Invoice")
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", statement.number)
    _cbc(root, "IssueDate", timezone.localtime(statement.issued_at, BRUSSELS).date().isoformat())
    _cbc(root, "DueDate", statement.due_on.isoformat())
    _cbc(root, "InvoiceTypeCode", "380")
    if not statement.vat_rate:
        _cbc(root, "Note", exemption_text())
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    _cbc(root, "BuyerReference", profile.buyer_reference or statement.number)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", statement.period_start.isoformat())
    _cbc(period, "EndDate", statement.period_end.isoformat())
    _party(
        root,
        "AccountingSupplierParty",
        endpoint=seller["enterprise_number"],
        scheme="0208",
        name=seller["name"],
        street=seller["street"],
        city=seller["city"],
        postcode=seller["postcode"],
        legal_id=seller["enterprise_number"],
        vat_number=seller["vat_number"],
    )
    municipality = organisation.municipality
    endpoint, scheme = customer
    _party(
        root,
        "AccountingCustomerParty",
        endpoint=endpoint,
        scheme=scheme,
        name=organisation.name,
        street=organisation.address,
        city=municipality.name,
        postcode=municipality.postcode,
        legal_id=_digits(profile.enterprise_number),
    )
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", "30")
    _cbc(means, "PaymentID", statement.number)
    _cbc(_cac(means, "PayeeFinancialAccount"), "ID", seller["iban"])

    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", statement.vat_amount)
    subtotal = _cac(tax_total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", statement.net_amount)
    _amount(subtotal, "TaxAmount", statement.vat_amount)
    _tax_category(subtotal, "TaxCategory", statement.vat_rate, with_reason=True)

    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", statement.net_amount)
    _amount(totals, "TaxExclusiveAmount", statement.net_amount)
    _amount(totals, "TaxInclusiveAmount", statement.total_amount)
    _amount(totals, "PayableAmount", statement.total_amount)

    for number, line in enumerate(statement_lines(statement), start=1):
        invoice_line = _cac(root, "InvoiceLine")
        _cbc(invoice_line, "ID", number)
        if line.correction_reason:
            _cbc(invoice_line, "Note", line.correction_reason)
        _cbc(invoice_line, "InvoicedQuantity", plain_quantity(line.quantity), unitCode=line.unit_code)
        _amount(invoice_line, "LineExtensionAmount", line.amount)
        item = _cac(invoice_line, "Item")
        _cbc(
            item,
            "Description",
            f"{line.booking.reference} {timezone.localtime(line.booking.starts_at, BRUSSELS):%d/%m/%Y}",
        )
        _cbc(item, "Name", line.description)
        _tax_category(item, "ClassifiedTaxCategory", statement.vat_rate, with_reason=False)
        _cbc(_cac(invoice_line, "Price"), "PriceAmount", f"{plain_quantity(line.unit_price)}", currencyID=CURRENCY)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
