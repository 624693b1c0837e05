"""Print the current two-factor code of the demo's staff account (demo data only: its key is public)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from accounts.two_factor import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "Print the current TOTP code of demo-staff (only for its demo device, made by seed_demo)."

    def handle(self, *args, **options):
        staff = get_user_model().objects.filter(username="demo-staff").first()
        device = staff and staff.totpdevice_set.filter(name="Demo", key=DEMO_TOTP_KEY_HEX).first()
        if not device:
            raise CommandError("demo-staff has no demo device: run seed_demo first")
        totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
