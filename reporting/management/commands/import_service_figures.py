from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.figure_import import import_service_figures


class Command(BaseCommand):
    help = (
        "Import service figures from a CSV file (year,indicator,region,value; region empty for a total). "
        "All or nothing; importing again updates the values. Unknown indicator codes are created."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: bestand niet gevonden")
        with file.open(newline="", encoding="utf-8-sig") as lines:
            result = import_service_figures(lines)
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(f"{len(result.errors)} fout(en): niets geïmporteerd")
        for code in result.new_indicators:
            self.stdout.write(
                self.style.WARNING(f"Nieuwe indicator {code!r} aangemaakt met de code als naam: vul de namen aan.")
            )
        self.stdout.write(self.style.SUCCESS(f"{result.imported} cijfers geïmporteerd."))
