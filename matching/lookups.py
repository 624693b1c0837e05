"""`field__any_of=[...]`: the field is one of a list, sent to PostgreSQL as one array parameter (`= ANY(%s)`).

`__in` sends one parameter per value: for the few hundred interpreter ids of a match, Django prepared and
psycopg adapted each of them, a millisecond of every match (bench/: matching one booking). Elsewhere (SQLite)
it is the usual `IN (...)`. Like `__in`, it takes values or model instances and leaves out None; unlike it, a
list only (no subquery).
"""

from django.db.models import Field, ForeignObject, Lookup


@ForeignObject.register_lookup  # foreign keys keep their own lookups: interpreter_id__any_of
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        if not isinstance(self.rhs, list | tuple | set | frozenset):
            raise TypeError(f"__any_of takes a list of values, not {type(self.rhs).__name__}")
        field = self.lhs.output_field
        return [field.get_prep_value(getattr(value, "pk", value)) for value in self.rhs if value is not None]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, values)
        if not values:
            return "1 = 0", tuple(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)
