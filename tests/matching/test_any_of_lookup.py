"""`__any_of`: one array parameter on PostgreSQL, the usual IN list on SQLite; the same rows either way."""

import pytest
from django.db import connection
from django.db.models.sql import Query

from bookings.models import Booking
from interpreters.models import Interpreter
from matching.lookups import AnyOf
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db


def test_it_finds_exactly_the_listed_rows_by_key_and_by_foreign_key():
    first, second, third = InterpreterFactory.create_batch(3)
    assert set(Interpreter.objects.filter(pk__any_of=[first.pk, third.pk])) == {first, third}
    assert not Interpreter.objects.filter(pk__any_of=[]).exists()
    job = BookingFactory(interpreter=second)
    BookingFactory(interpreter=first)
    assert list(Booking.objects.filter(interpreter_id__any_of=[second.pk, third.pk])) == [job]


@pytest.mark.postgres
def test_postgresql_gets_one_parameter_however_many_values():
    sql, params = Interpreter.objects.filter(pk__any_of=list(range(500))).query.sql_with_params()
    assert "= ANY(%s)" in sql
    assert params == (list(range(500)),)


class FakeSQLite:
    vendor = "sqlite"
    ops = connection.ops


@pytest.mark.parametrize("values, expected", [([4, 5, 6], " IN (%s, %s, %s)"), ([], "1 = 0")])
def test_elsewhere_it_is_an_in_list(values, expected):
    query = Query(Interpreter)
    lookup = AnyOf(query.resolve_ref("pk"), values)
    sql, params = lookup.as_sql(query.get_compiler(connection=connection), FakeSQLite())
    assert sql.endswith(expected)
    assert list(params) == values


def test_like_in_it_takes_instances_and_leaves_out_none_also_when_excluding():
    first, second, third = InterpreterFactory.create_batch(3)
    BookingFactory(interpreter=first)
    job = BookingFactory(interpreter=second)
    assert list(Booking.objects.filter(interpreter__any_of=[second, None])) == [job]
    assert (
        set(Interpreter.objects.exclude(pk__any_of=[first.pk, None]))
        == set(Interpreter.objects.exclude(pk__in=[first.pk, None]))
        == {second, third}
    )


def test_a_subquery_is_refused_with_a_clear_error():
    with pytest.raises(TypeError, match="list of values"):
        Interpreter.objects.filter(pk__any_of=Interpreter.objects.values("pk"))
