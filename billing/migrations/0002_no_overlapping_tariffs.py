"""On PostgreSQL: tariff periods of the same kind and mode never overlap (both bounds inclusive, open end = NULL).

Other databases rely on the check in billing.services.tariff_check_overlap, which the forms call.
"""

from django.db import migrations

TABLES = ["billing_requestertariff", "billing_interpretertariff"]
CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE {table} ADD CONSTRAINT {table}_no_overlap
    EXCLUDE USING gist (kind WITH =, mode WITH =, daterange(valid_from, valid_until, '[]') WITH &&);
"""
DROP = "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(CREATE.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(DROP.format(table=table))


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
