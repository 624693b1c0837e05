"""Loads the six regions and the municipalities shipped in organisations/data/be_postcodes.csv."""

import csv
from pathlib import Path

from django.utils.text import slugify

POSTCODES_CSV = Path(__file__).resolve().parent / "data" / "be_postcodes.csv"


def read_postcode_rows() -> list[dict]:
    with POSTCODES_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions_and_municipalities(region_model, municipality_model) -> None:
    """Idempotent: creates what is missing, leaves what exists. Takes models so migrations can call it."""
    rows = read_postcode_rows()
    regions = {}
    for name in sorted({row["region"] for row in rows}):
        regions[slugify(name)], _ = region_model.objects.get_or_create(code=slugify(name), defaults={"name": name})
    existing = set(municipality_model.objects.values_list("postcode", "name"))
    municipality_model.objects.bulk_create(
        [
            municipality_model(
                postcode=row["postcode"],
                name=row["municipality"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                region=regions[slugify(row["region"])],
            )
            for row in rows
            if (row["postcode"], row["municipality"]) not in existing
        ]
    )
