"""Realistic tariffs: the 2017 practice (EUR 8 for the first hour, EUR 2 per started quarter hour after it) and the
recent one (EUR 56 per interpreted hour, EUR 0.16 per translated word with a EUR 32 minimum, travel EUR 0.33 per km
up to 150 km). Staff change them in the portal or the admin."""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

MODES = ["on_site", "phone", "video"]
Y2017 = {"valid_from": date(2017, 1, 1), "valid_until": date(2017, 12, 31)}
RECENT = {"valid_from": date(2018, 1, 1), "valid_until": None}


def seed(apps, schema_editor):
    requester = apps.get_model("billing", "RequesterTariff")
    interpreter = apps.get_model("billing", "InterpreterTariff")
    if requester.objects.exists() or interpreter.objects.exists():
        return
    for mode in MODES:
        requester.objects.create(
            kind="interpreting", mode=mode, **Y2017, note="Praktijk 2017",
            minimum_minutes=60, increment_minutes=15, first_block_minutes=60, first_block_price=D("8.00"),
            increment_price=D("2.00"), late_cancellation_charge=D("8.00"),
        )
        requester.objects.create(
            kind="interpreting", mode=mode, **RECENT, hourly_rate=D("56.00"), minimum_minutes=60,
            increment_minutes=15, km_rate=D("0.33") if mode == "on_site" else 0, max_km=150 if mode == "on_site" else 0,
            late_cancellation_charge=D("56.00"),
        )
        interpreter.objects.create(
            kind="interpreting", mode=mode, valid_from=date(2017, 1, 1), hourly_fee=D("40.00"),
            km_allowance=D("0.33") if mode == "on_site" else 0, max_km=150 if mode == "on_site" else 0,
            late_cancellation_fee=D("40.00"),
        )
    requester.objects.create(
        kind="translation", mode="", valid_from=date(2017, 1, 1), word_rate=D("0.16"),
        translation_minimum=D("32.00"), sworn_supplement=D("25.00"), late_cancellation_charge=D("32.00"),
    )
    interpreter.objects.create(
        kind="translation", mode="", valid_from=date(2017, 1, 1), word_fee=D("0.11"), late_cancellation_fee=D("22.00")
    )


def unseed(apps, schema_editor):
    apps.get_model("billing", "RequesterTariff").objects.all().delete()
    apps.get_model("billing", "InterpreterTariff").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_no_overlapping_tariffs")]
    operations = [migrations.RunPython(seed, unseed)]
