"""A request whose database connection is cut runs again (config/database_retry.py), unless it committed a write.

The cut is real: another connection ends the request's PostgreSQL backend (pg_terminate_backend) just before one
of its statements, as a restart does to the queries in flight; the statement then fails on the dead connection.
"""

from datetime import timedelta

import psycopg
import pytest
from celery import current_task
from django.db import connection

from bookings.models import Booking

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _drop_a_cut_connection():
    """The test client keeps Django from closing connections at the end of a request, as a server would."""
    yield
    connection.close()


class CutBefore:
    """Ends the connection's backend before the first statement that `matches`, once."""

    def __init__(self, matches):
        self.matches = matches
        self.cut_pids = []

    def __call__(self, execute, sql, params, many, context):
        if not self.cut_pids and self.matches(sql):
            pid = context["connection"].connection.info.backend_pid
            where = context["connection"].settings_dict
            address = {"host": where["HOST"], "port": where["PORT"] or 5432, "user": where["USER"]}
            with psycopg.connect(**address, dbname=where["NAME"], autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            self.cut_pids.append(pid)
        return execute(sql, params, many, context)


@pytest.fixture
def arabic_on_site(now):
    return {
        "kind": "interpreting",
        "mode": "on_site",
        "language": "ara",
        "starts_at": (now + timedelta(days=5)).replace(microsecond=0).isoformat(),
        "duration_minutes": 90,
        "postcode": "3500",
        "address": "Kapelstraat 1",
        "sector": "welzijn",
    }


def test_a_read_cut_midway_runs_again_and_answers(requester_api):
    requester_api.raise_request_exception = False
    cut = CutBefore(lambda sql: sql.lstrip().startswith("SELECT") and "bookings_booking" in sql)
    with connection.execute_wrapper(cut):
        response = requester_api.get("/api/v1/bookings/")
    assert cut.cut_pids, "the connection was cut"
    assert response.status_code == 200, response.content
    assert connection.connection.info.backend_pid != cut.cut_pids[0], "a new connection answered"


def test_a_booking_cut_before_it_was_written_is_made_once(requester_api, arabic_on_site):
    requester_api.raise_request_exception = False
    cut = CutBefore(lambda sql: sql.lstrip().startswith("INSERT") and "bookings_booking" in sql)
    with connection.execute_wrapper(cut):
        response = requester_api.post("/api/v1/bookings/", arabic_on_site, format="json")
    assert cut.cut_pids
    assert response.status_code == 201, response.content
    assert Booking.objects.count() == 1
    assert Booking.objects.get().pk == response.json()["id"]


def test_a_request_cut_after_its_write_was_committed_is_not_run_again(requester_api, arabic_on_site):
    """The booking is made and committed; the cut comes at the next statement, so the answer is 503 (the client
    asks again with its Idempotency-Key) and the booking is not made a second time."""
    requester_api.raise_request_exception = False
    committed = []
    # a statement of the request itself, not of the match task that runs eagerly in the tests after the commit
    cut = CutBefore(lambda sql: bool(committed) and not current_task)

    def note_commit(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "bookings_booking" in sql and sql.lstrip().startswith("INSERT"):
            context["connection"].on_commit(lambda: committed.append(True))
        return result

    with connection.execute_wrapper(cut), connection.execute_wrapper(note_commit):
        response = requester_api.post("/api/v1/bookings/", arabic_on_site, format="json")
    assert committed and cut.cut_pids
    assert response.status_code == 503 and response["Retry-After"] == "5"
    connection.close()  # as the server does at the end of a request
    assert Booking.objects.count() == 1
