import csv
import io
import json
from datetime import UTC, datetime

from django.core.management import call_command

from bookings.models import Status
from reporting.annual import annual_report_rows
from reporting.models import ServiceFigure, ServiceIndicator
from tests.factories import BookingFactory, TranslationFactory, language


def _report(*args) -> str:
    out = io.StringIO()
    call_command("annual_report", *args, stdout=out)
    return out.getvalue()


def _data(organisations):
    staff = ServiceIndicator.objects.get(code="mo_new_students")
    ServiceFigure.objects.create(year=2017, indicator=staff, region=None, value=100)
    ServiceFigure.objects.create(year=2017, indicator=staff, region=organisations["limburg"].region, value=40)
    BookingFactory(
        organisation=organisations["limburg"],
        status=Status.COMPLETED,
        mode="phone",
        language=language("prs"),
        sector="gezondheid",
        starts_at=datetime(2017, 12, 31, 22, 30, tzinfo=UTC),
    )
    TranslationFactory(
        organisation=organisations["brussel"], status=Status.COMPLETED, starts_at=datetime(2017, 3, 1, 9, tzinfo=UTC)
    )
    BookingFactory(
        organisation=organisations["brussel"],
        status=Status.CANCELLED,
        late_cancellation=True,
        starts_at=datetime(2017, 5, 1, 9, tzinfo=UTC),
    )
    BookingFactory(
        organisation=organisations["brussel"],
        status=Status.COMPLETED,
        starts_at=datetime(2017, 12, 31, 23, 30, tzinfo=UTC),
    )


def test_csv_has_the_four_columns_and_the_rows_of_each_dimension(organisations_by_region):
    _data(organisations_by_region)

    rows = list(csv.DictReader(io.StringIO(_report("--year", "2017"))))

    assert list(rows[0]) == ["indicator", "dimension", "key", "value"]
    as_tuples = {(r["indicator"], r["dimension"], r["key"]): r["value"] for r in rows}
    assert as_tuples[("mo_new_students", "total", "")] == "100"
    assert as_tuples[("mo_new_students", "region", "limburg")] == "40"
    assert as_tuples[("assignments", "total", "")] == "2"
    assert as_tuples[("assignments", "region", "limburg")] == "1"
    assert as_tuples[("assignments", "region", "brussel")] == "1"
    assert as_tuples[("assignments", "region", "antwerpen")] == "0"
    assert as_tuples[("assignments", "mode", "phone")] == "1"
    assert as_tuples[("assignments", "mode", "translation")] == "1"
    assert as_tuples[("assignments", "language", "prs")] == "1"
    assert as_tuples[("assignments", "month", "12")] == "1"
    assert as_tuples[("assignments", "month", "03")] == "1"
    assert as_tuples[("assignments", "month", "01")] == "0"
    assert [r["key"] for r in rows if r["indicator"] == "assignments" and r["dimension"] == "month"] == [
        f"{m:02d}" for m in range(1, 13)
    ]
    assert as_tuples[("late_cancellations", "total", "")] == "1"
    assert as_tuples[("late_cancellations", "region", "brussel")] == "1"
    sectors = {r["key"]: r["value"] for r in rows if r["indicator"] == "assignments" and r["dimension"] == "sector"}
    assert list(sectors) == ["welzijn", "gezondheid", "onderwijs", "werk", "justitie-politie", "andere"]
    assert (sectors["gezondheid"], sectors["andere"], sectors["welzijn"]) == ("1", "1", "0")
    assert {r["dimension"] for r in rows} <= {"total", "region", "language", "mode", "sector", "month"}


def test_json_carries_the_same_rows_as_objects(organisations_by_region):
    _data(organisations_by_region)

    from_json = json.loads(_report("--year", "2017", "--format", "json"))
    from_csv = list(csv.DictReader(io.StringIO(_report("--year", "2017"))))

    assert from_json == annual_report_rows(2017)
    assert all(set(row) == {"indicator", "dimension", "key", "value"} for row in from_json)
    assert [(r["indicator"], r["dimension"], r["key"], str(r["value"])) for r in from_json] == [
        (r["indicator"], r["dimension"], r["key"], r["value"]) for r in from_csv
    ]


def test_a_year_without_data_gives_an_empty_report(db):
    assert _report("--year", "1995") == "indicator,dimension,key,value\n"
    assert json.loads(_report("--year", "1995", "--format", "json")) == []


def test_a_year_far_out_of_range_gives_no_rows(db):
    assert annual_report_rows(0) == []
    assert annual_report_rows(9999) == []
