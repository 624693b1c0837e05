from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.assignment_import import import_assignments


class Command(BaseCommand):
    help = (
        "Import historical assignments from a CSV file (reference,organisation,postcode,kind,mode,language,"
        "starts_at,duration_minutes,status). All or nothing; existing references are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: bestand niet gevonden")
        result = import_assignments(lambda: file.open(newline="", encoding="utf-8-sig"))
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"{file}: {error}")
            raise CommandError(f"{len(result.errors)} fout(en): niets geïmporteerd")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} opdrachten geïmporteerd, {result.skipped} al aanwezig overgeslagen, "
                f"{result.organisations_created} organisaties aangemaakt."
            )
        )
