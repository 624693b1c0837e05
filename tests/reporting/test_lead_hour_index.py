"""The median lead time's index (migration 0009, PostgreSQL only) has the key of lead_hour(), so queries use it."""

from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from bookings.models import Booking, Status
from bookings.models.booking import lead_hour

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_counting_completed_bookings_per_lead_hour_can_read_only_the_index():
    counted = (
        Booking.objects.filter(status=Status.COMPLETED, starts_at__gte=datetime(2017, 1, 1, tzinfo=UTC))
        .values(hour=lead_hour())
        .order_by("hour")
    )
    sql, params = counted.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # an empty table: make the planner show what it can use
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # the statistics other tests leave behind may make another index plus a sort look as cheap: the question
        # is whether this one gives the rows in lead-hour order by itself
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "booking_completed_lead_hour" in plan, plan
