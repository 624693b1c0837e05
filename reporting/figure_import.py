"""`import_service_figures`: check a whole CSV file of service figures, then import all of it or nothing."""

import csv
import re
from dataclasses import dataclass

from django.db import transaction

from organisations.models import Region
from reporting.models import ServiceIndicator
from reporting.services import indicator_create_from_code, service_figure_set

COLUMNS = ["year", "indicator", "region", "value"]
CODE = re.compile(r"^[a-z0-9_]{1,50}$")


@dataclass
class FigureImportResult:
    errors: list[str]
    imported: int = 0
    new_indicators: list[str] | None = None


def _check(row: dict, regions: dict[str, Region]) -> tuple[tuple | None, list[str]]:
    problems = []
    year = (row.get("year") or "").strip()
    code = (row.get("indicator") or "").strip()
    region_code = (row.get("region") or "").strip()
    value = (row.get("value") or "").strip()
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        problems.append(f"jaar {year!r} is geen jaartal tussen 1990 en 2100")
    if not CODE.match(code):
        problems.append(f"indicator {code!r} is geen code (kleine letters, cijfers en _)")
    if region_code and region_code not in regions:
        problems.append(f"regio {region_code!r} bestaat niet (kies uit {', '.join(sorted(regions))})")
    if not value.isdigit():
        problems.append(f"waarde {value!r} is geen geheel getal van 0 of meer")
    if problems:
        return None, problems
    return (int(year), code, region_code), []


def import_service_figures(lines, *, by=None) -> FigureImportResult:
    """Import the rows of an open CSV file; returns the errors per line (nothing written when there are any)."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != COLUMNS:
        return FigureImportResult(
            errors=[f"regel 1: kolommen moeten {','.join(COLUMNS)} zijn, niet {reader.fieldnames}"]
        )
    regions = {region.code: region for region in Region.objects.all()}
    errors, parsed, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        if None in row:
            errors.append(f"regel {line}: te veel kolommen")
            continue
        key, problems = _check(row, regions)
        if key in seen:
            problems.append(f"dubbel: hetzelfde cijfer staat al op regel {seen[key]}")
        errors += [f"regel {line}: {problem}" for problem in problems]
        if key and not problems:
            seen[key] = line
            parsed.append((key, int(row["value"].strip())))
    if errors:
        return FigureImportResult(errors=errors)
    known = set(ServiceIndicator.objects.values_list("code", flat=True))
    new_codes = sorted({code for (_, code, _), _ in parsed} - known)
    with transaction.atomic():
        indicators = {indicator.code: indicator for indicator in ServiceIndicator.objects.all()}
        for code in new_codes:
            indicators[code] = indicator_create_from_code(code)
        for (year, code, region_code), value in parsed:
            service_figure_set(
                year=year, indicator=indicators[code], region=regions.get(region_code), value=value, by=by
            )
    return FigureImportResult(errors=[], imported=len(parsed), new_indicators=new_codes)
