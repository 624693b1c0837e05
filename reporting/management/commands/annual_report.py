import csv
import io
import json

from django.core.management.base import BaseCommand

from bookings.spreadsheets import spreadsheet_dict
from reporting.annual import COLUMNS, annual_report_rows


class Command(BaseCommand):
    help = "Print the annual report of a year: CSV (indicator,dimension,key,value) or JSON (a list of rows)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, year: int, format: str, **options):
        rows = annual_report_rows(year)
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(spreadsheet_dict(row) for row in rows)
        self.stdout.write(out.getvalue(), ending="")
