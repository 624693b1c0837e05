from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.seed import seed_demo

DEFAULT_PASSWORD = "tolkportaal-demo"


class Command(BaseCommand):
    help = "Load the demo data (idempotent): organisations, interpreters, demo users, 2017 history and figures."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of the demo users")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the database has users")

    def handle(self, *args, password, if_empty, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("Database already has data: demo data not loaded.")
            return
        counts = seed_demo(password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['organisations']} organisations, {counts['interpreters']} interpreters."
            )
        )
        self.stdout.write(
            f"Log in as demo-requester, demo-requester2, demo-interpreter or demo-staff with password: {password}"
        )
