"""The index of the median lead time: completed bookings by whole hours of lead time (PostgreSQL only).

Its key is the expression of bookings.models.booking.lead_hour(), PostgreSQL's date_part. It is created here
rather than declared in Booking.Meta.indexes: SQLite (the embedded default of `make run`) has no date_part,
and SQLite rebuilds a table with every index the models declare whenever a migration alters the table.
"""

from django.db import migrations

NAME = "booking_completed_lead_hour"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {NAME} ON bookings_booking
    ((floor(date_part('epoch', starts_at - created_at) / 3600)), starts_at) INCLUDE (created_at)
    WHERE status = 'completed'
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("bookings", "0008_booking_report_covering_index")]
    operations = [migrations.RunPython(create, drop)]
