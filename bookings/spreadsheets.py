"""Cells of every CSV and XLSX export: text a spreadsheet would run as a formula is made plain text."""

# OWASP's advice against CSV injection: a text cell starting with one of these gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """`=HYPERLINK(...)` → `'=HYPERLINK(...)`; numbers, dates and None are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    return [spreadsheet_cell(value) for value in values]


def spreadsheet_dict(row: dict) -> dict:
    return {key: spreadsheet_cell(value) for key, value in row.items()}
