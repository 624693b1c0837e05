import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bookings.models import Status
from reporting.models import ServiceFigure, ServiceIndicator
from tests.factories import BookingFactory, InterpreterFactory, StaffFactory, UserFactory, requester

PAGES = [
    reverse("reporting:annual", args=[2017]),
    reverse("reporting:annual_csv", args=[2017]),
    reverse("reporting:annual_xlsx", args=[2017]),
    reverse("reporting:statistics"),
    reverse("reporting:figures", args=[2017]),
    reverse("reporting:figure_edit", args=[2017, "staff"]),
]


@pytest.fixture
def staff_client(client, db):
    client.force_login(StaffFactory())
    return client


def _bookings(organisations, year=2017, completed=3):
    for index in range(completed):
        BookingFactory(
            organisation=organisations["limburg" if index % 2 else "antwerpen"],
            status=Status.COMPLETED,
            starts_at=datetime(year, 1 + index % 12, 10, 9, tzinfo=UTC),
        )


@pytest.mark.parametrize("url", PAGES)
def test_only_staff_see_reporting_pages(client, db, url):
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(requester())
    assert client.get(url).status_code == 403
    client.force_login(InterpreterFactory().user)
    assert client.get(url).status_code == 403


def test_the_annual_report_shows_figures_with_explanation_regions_and_comparison(staff_client, organisations_by_region):
    _bookings(organisations_by_region, completed=3)
    _bookings(organisations_by_region, year=2016, completed=2)
    nt2 = ServiceIndicator.objects.get(code="nt2_intakes")
    ServiceFigure.objects.create(year=2017, indicator=nt2, value=43653)
    ServiceFigure.objects.create(year=2016, indicator=nt2, value=40000)

    response = staff_client.get(reverse("reporting:annual", args=[2017]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Jaarverslag 2017 in cijfers" in html
    assert "43.653" in html and nt2.explanation_nl in html
    assert "2016: 40.000" in html
    assert "+9,1 %" in html
    assert "Tolk- en vertaalopdrachten" in html
    assert "<svg" in html
    assert response.context["cards"][0].total == 3
    assert response.context["cards"][0].previous == 2


def test_a_year_without_data_shows_an_empty_report(staff_client):
    response = staff_client.get(reverse("reporting:annual", args=[1995]))

    assert response.status_code == 200
    assert "nog geen cijfers" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("reporting:annual", args=[2017]),
        reverse("reporting:statistics") + "?start=2017-01-01&end=2017-12-31",
    ],
)
def test_report_pages_make_the_same_number_of_queries_whatever_the_data(staff_client, organisations_by_region, url):
    BookingFactory(
        organisation=organisations_by_region["brussel"],
        status=Status.UNFILLED,
        starts_at=datetime(2017, 6, 1, 9, tzinfo=UTC),
    )
    _bookings(organisations_by_region, completed=2)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(url)
    _bookings(organisations_by_region, completed=30)
    with CaptureQueriesContext(connection) as large:
        staff_client.get(url)

    assert len(small.captured_queries) == len(large.captured_queries) <= 25


def test_the_downloads_name_every_figure_in_the_readers_language(staff_client, organisations_by_region):
    _bookings(organisations_by_region, completed=3)

    download = staff_client.get(reverse("reporting:annual_csv", args=[2017])).content
    assert download.startswith("\ufeff".encode()), "a BOM, so Excel reads UTF-8"
    csv_rows = list(csv.reader(io.StringIO(download.decode("utf-8-sig")), delimiter=";"))
    response = staff_client.get(reverse("reporting:annual_xlsx", args=[2017]))
    xlsx_rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    assert csv_rows[0] == ["Indicator", "Indeling", "Onderdeel", "Waarde"]
    assert ["Tolk- en vertaalopdrachten", "Totaal", "", "3"] in csv_rows
    assert ["Tolk- en vertaalopdrachten", "Regio", "Limburg", "1"] in csv_rows
    assert xlsx_rows[0] == ("Indicator", "Indeling", "Onderdeel", "Waarde")
    assert ("Tolk- en vertaalopdrachten", "Totaal", None, 3) in xlsx_rows
    assert ("Tolk- en vertaalopdrachten", "Modus", "Ter plaatse", 3) in xlsx_rows
    assert not any(cell in ("assignments", "on_site", "limburg") for row in xlsx_rows for cell in row)
    assert len(xlsx_rows) == len(csv_rows)


def test_the_downloads_follow_the_readers_language(staff_client, organisations_by_region):
    _bookings(organisations_by_region, completed=3)
    download = staff_client.get(reverse("reporting:annual_csv", args=[2017]), HTTP_ACCEPT_LANGUAGE="fr")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Indicateur", "Répartition", "Élément", "Valeur"]
    assert any(row[1:] == ["Total", "", "3"] for row in rows)


def test_the_statistics_page_filters_and_exports(staff_client, organisations_by_region):
    _bookings(organisations_by_region, completed=4)
    url = reverse("reporting:statistics")
    query = {"start": "2017-01-01", "end": "2017-12-31", "region": "limburg"}

    response = staff_client.get(url, query)
    exported = staff_client.get(url, query | {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    bad = staff_client.get(url, {"start": "2017-12-31", "end": "2017-01-01"})

    assert response.context["bookings"].assignments == 2
    assert ("Tolk- en vertaalopdrachten", "Totaal", None, 2) in rows
    assert ("Tolk- en vertaalopdrachten", "Regio", "Limburg", 2) in rows
    assert bad.status_code == 200 and bad.context["form"].errors["end"]


def test_staff_enter_service_figures_in_a_form(staff_client):
    url = reverse("reporting:figure_edit", args=[2018, "staff"])

    response = staff_client.post(url, {"total": "800", "region_limburg": "90", "region_brussel": ""})

    assert response.status_code == 302
    figures = {(f.region.code if f.region else ""): f.value for f in ServiceFigure.objects.filter(year=2018)}
    assert figures == {"": 800, "limburg": 90}


def test_a_bad_figure_keeps_what_was_typed(staff_client):
    url = reverse("reporting:figure_edit", args=[2018, "staff"])

    response = staff_client.post(url, {"total": "-3", "region_limburg": "90"})

    assert response.status_code == 200
    assert response.context["form"].errors["total"]
    assert 'value="90"' in response.content.decode()
    assert not ServiceFigure.objects.exists()


def test_staff_find_reporting_in_the_menu_and_requesters_do_not(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert reverse("reporting:index") in client.get("/").content.decode()
    client.force_login(requester())
    assert reverse("reporting:index") not in client.get("/").content.decode()


def test_years_out_of_range_are_not_found_or_refused(staff_client):
    assert staff_client.get(reverse("reporting:annual", args=[0])).status_code == 404
    assert staff_client.get(reverse("reporting:figure_edit", args=[1950, "staff"])).status_code == 404
    response = staff_client.get(reverse("reporting:statistics"), {"start": "0001-01-01", "end": "2017-01-01"})
    assert response.status_code == 200 and response.context["form"].errors["start"]
