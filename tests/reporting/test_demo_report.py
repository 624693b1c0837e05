import csv
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from bookings.models import Booking, Status


def test_the_2017_report_of_the_demo_shows_every_published_figure(db):
    call_command("seed_demo", "--password", "pw-demo-123", stdout=io.StringIO())
    history = Booking.objects.filter(reference__startswith="H2017-")
    bookings = history.count()
    call_command("seed_demo", "--password", "pw-demo-123", stdout=io.StringIO())  # idempotent
    out = io.StringIO()
    call_command("annual_report", "--year", "2017", stdout=out)

    printed = {
        (r["indicator"], r["dimension"], r["key"]): r["value"] for r in csv.DictReader(io.StringIO(out.getvalue()))
    }
    published = Path(settings.BASE_DIR, "reporting", "data", "service_figures_2017.csv")
    for row in csv.DictReader(published.open(encoding="utf-8")):
        dimension = "region" if row["region"] else "total"
        assert printed[(row["indicator"], dimension, row["region"])] == row["value"], row
    assert printed[("assignments", "total", "")] == "24426"
    assert history.count() == bookings
    assert history.filter(status=Status.COMPLETED).count() == 24426
    regions = [printed[("assignments", "region", code)] for code in ("antwerpen", "brussel", "limburg")]
    assert all(int(value) > 1000 for value in regions)
    assert all(int(printed[("assignments", "month", f"{m:02d}")]) > 500 for m in range(1, 13))
