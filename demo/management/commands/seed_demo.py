from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.two_factor import demo_totp_device, spaced_key
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
        self._demo_staff_second_factor()

    def _demo_staff_second_factor(self):
        """Staff need a TOTP code (config/security.py): demo-staff gets a device with a known demo key."""
        staff = get_user_model().objects.filter(username="demo-staff").first()
        if staff is None:
            return
        device = demo_totp_device(staff)
        self.stdout.write(
            "demo-staff also signs in with a code from an authenticator app (two-factor authentication for staff):"
            f" add the key {spaced_key(device)} to the app, or print the current code with"
            " `python manage.py demo_totp_code`."
        )
