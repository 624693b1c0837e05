"""Rows written in bulk without model instances: COPY on PostgreSQL, one prepared INSERT run many times elsewhere.

For imports of many thousands of rows, where building a model instance and Django's INSERT for each row costs
more than the database's own work (bench/: importing history). Each row is a dict of attribute names (`*_id`
for foreign keys) to plain values: str, int, bool, None or an aware datetime; a column a row leaves out gets
the field's default, as Django would save it. Nothing is validated here: the caller has checked every row.
"""

from django.db import connection, models
from django.utils import timezone


def _columns(model, *, with_primary_key: bool):
    fields = [f for f in model._meta.concrete_fields if with_primary_key or not f.primary_key]
    now = timezone.now()
    defaults = {}
    for f in fields:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        defaults[f.attname] = f.get_db_prep_save(now if auto else f.get_default(), connection)
    moments = {f.attname for f in fields if isinstance(f, models.DateTimeField)}
    return fields, defaults, moments


def insert_rows(model, rows: list[dict], *, with_primary_key: bool = False) -> None:
    fields, defaults, moments = _columns(model, with_primary_key=with_primary_key)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = list(defaults)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[name] if name in row else defaults[name] for name in names])
            return
        adapt = connection.ops.adapt_datetimefield_value
        values = [
            [(adapt(row[name]) if name in moments else row[name]) if name in row else defaults[name] for name in names]
            for row in rows
        ]
        placeholders = ", ".join(["%s"] * len(names))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)
