"""Remove personal data that is past retention (the pass beat runs daily)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from bookings.retention import bookings_due_for_removal, personal_data_remove_due


class Command(BaseCommand):
    help = "Verwijder persoonsgegevens en documenten van opdrachten die langer dan de bewaartermijn voorbij zijn."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO 8601 moment to act as now (default: the current time)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    def handle(self, *args, now=None, dry_run=False, **options):
        moment = None
        if now:
            try:
                moment = datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now: not an ISO 8601 moment: {now!r}") from None
            if moment.tzinfo is None:
                raise CommandError("--now: give a time zone offset, e.g. 2027-01-01T03:00:00+01:00")
        if dry_run:
            from django.utils import timezone

            count = bookings_due_for_removal(now=moment or timezone.now()).count()
            self.stdout.write(f"{count} booking(s) would lose their personal data")
            return
        total = 0
        while True:
            removed = personal_data_remove_due(now=moment)
            total += len(removed)
            if len(removed) < 500:
                break
        self.stdout.write(f"personal data removed from {total} booking(s)")
