"""On PostgreSQL: one interpreter's confirmed or completed interpreting jobs never overlap in time.

Other databases rely on the row lock taken in the assignment service.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlapping_jobs
    EXCLUDE USING gist (interpreter_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
    WHERE (interpreter_id IS NOT NULL AND kind = 'interpreting' AND status IN ('confirmed', 'completed'));
"""
DROP = "ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS booking_no_overlapping_jobs;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
