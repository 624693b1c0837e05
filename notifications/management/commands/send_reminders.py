"""One pass of the reminder scan that beat runs every minute: `send_reminders [--now ISO8601]`."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.reminders import reminders_send


def parse_now(value: str) -> datetime:
    """ISO 8601; a time without offset is read in the project's time zone (Europe/Brussels)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--now {value!r} is geen geldige ISO 8601-tijd (bijvoorbeeld 2026-03-29T02:30:00+02:00)."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Zoekt de herinneringen die nu verstuurd moeten worden en zet ze in de wachtrij (één keer per bericht)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Doe alsof het nu dit tijdstip is (ISO 8601), bv. om te testen.")

    def handle(self, *args, now=None, **options):
        moment = parse_now(now) if now is not None else timezone.now()
        queued = reminders_send(moment)
        self.stdout.write(f"{queued} herinnering(en) in de wachtrij gezet ({moment.isoformat()}).")
