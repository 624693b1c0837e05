"""From any figure of the annual report and the statistics to the bookings behind it; each figure's source."""

import csv
import io
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bookings.models import Status
from reporting.models import ServiceIndicator
from reporting.services import service_figure_set
from tests.factories import BookingFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return StaffFactory(username="analist.ann")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def year_of_bookings(organisations_by_region):
    limburg, antwerp = organisations_by_region["limburg"], organisations_by_region["antwerpen"]
    done = [
        BookingFactory(organisation=limburg, status=Status.COMPLETED, starts_at=datetime(2017, 3, 10, 9, tzinfo=UTC)),
        BookingFactory(organisation=limburg, status=Status.COMPLETED, starts_at=datetime(2017, 5, 10, 9, tzinfo=UTC)),
        BookingFactory(
            organisation=antwerp, status=Status.COMPLETED, starts_at=datetime(2017, 5, 11, 9, tzinfo=UTC), mode="phone"
        ),
    ]
    # 31 December 23:30 in Brussels is still 2017: counted in December, as the report counts it
    done.append(
        BookingFactory(
            organisation=antwerp, status=Status.COMPLETED, starts_at=datetime(2017, 12, 31, 22, 30, tzinfo=UTC)
        )
    )
    BookingFactory(organisation=limburg, status=Status.UNFILLED, starts_at=datetime(2017, 5, 12, 9, tzinfo=UTC))
    BookingFactory(organisation=limburg, status=Status.COMPLETED, starts_at=datetime(2018, 1, 2, 9, tzinfo=UTC))
    return done


def behind(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [booking.reference for booking in response.context["page"]]


def links(page: str) -> list[str]:
    return [
        part.split('"')[0].replace("&amp;", "&") for part in page.split('href="')[1:] if "/reporting/bookings/" in part
    ]


def link_with(page: str, **params) -> str:
    for url in links(page):
        query = {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}
        if all(query.get(key) == value for key, value in params.items()):
            return url
    raise AssertionError(f"no link with {params}")


def test_every_computed_figure_of_the_annual_report_links_to_exactly_its_bookings(staff_client, year_of_bookings):
    page = staff_client.get(reverse("reporting:annual", args=[2017])).content.decode()
    total = link_with(page, indicator="assignments", dimension="total")
    assert sorted(behind(staff_client, total)) == sorted(b.reference for b in year_of_bookings)
    limburg = link_with(page, indicator="assignments", dimension="region", key="limburg")
    assert sorted(behind(staff_client, limburg)) == sorted(b.reference for b in year_of_bookings[:2])
    may = link_with(page, indicator="assignments", dimension="month", key="05")
    assert sorted(behind(staff_client, may)) == sorted(b.reference for b in year_of_bookings[1:3])
    december = link_with(page, indicator="assignments", dimension="month", key="12")
    assert behind(staff_client, december) == [year_of_bookings[3].reference]
    phone = link_with(page, indicator="assignments", dimension="mode", key="phone")
    assert behind(staff_client, phone) == [year_of_bookings[2].reference]
    unfilled = link_with(page, indicator="unfilled_requests", dimension="total")
    assert len(behind(staff_client, unfilled)) == 1


def test_the_statistics_links_keep_the_pages_filters(staff_client, year_of_bookings):
    query = {"start": "2017-01-01", "end": "2017-12-31", "region": "limburg"}
    page = staff_client.get(reverse("reporting:statistics"), query).content.decode()
    total = link_with(page, indicator="assignments", dimension="total", filter_region="limburg")
    assert sorted(behind(staff_client, total)) == sorted(b.reference for b in year_of_bookings[:2])


def test_the_bookings_behind_a_figure_download_with_typed_cells(staff_client, year_of_bookings):
    page = staff_client.get(reverse("reporting:annual", args=[2017])).content.decode()
    url = link_with(page, indicator="assignments", dimension="region", key="limburg")
    sheet = load_workbook(io.BytesIO(staff_client.get(url + "&export=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Referentie", "Start", "Duur (minuten)")
    first = rows[1]
    assert isinstance(first[1], datetime) and first[1] == datetime(2017, 3, 10, 10, 0)  # local time
    assert isinstance(first[2], int)
    download = staff_client.get(url + "&export=csv").content.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(download), delimiter=";"))
    assert parsed[0][0] == "Referentie" and parsed[1][1] == "10/03/2017 10:00" and len(parsed) == 3


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2017-01-01", "end": "2018-01-01", "indicator": "nonsense"},
        {"start": "2018-01-01", "end": "2017-01-01", "indicator": "assignments"},
        {"start": "2017-01-01", "end": "2018-01-01", "indicator": "assignments", "dimension": "month", "key": "13"},
        {"indicator": "assignments"},
    ],
)
def test_a_broken_link_to_a_figure_says_so(staff_client, query):
    response = staff_client.get(reverse("reporting:bookings"), query)
    assert response.status_code == 400
    assert "Deze link naar een cijfer klopt niet." in response.content.decode()


def test_the_list_behind_a_figure_makes_the_same_number_of_queries_whatever_its_length(
    staff_client, organisations_by_region
):
    url = reverse("reporting:bookings") + "?start=2017-01-01&end=2018-01-01&indicator=assignments"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    BookingFactory(
        organisation=organisations_by_region["limburg"],
        status=Status.COMPLETED,
        starts_at=datetime(2017, 3, 1, 9, tzinfo=UTC),
    )
    few = count()
    for day in range(2, 9):
        BookingFactory(
            organisation=organisations_by_region["limburg"],
            status=Status.COMPLETED,
            starts_at=datetime(2017, 3, day, 9, tzinfo=UTC),
        )
    assert count() == few


def test_each_figure_says_whether_it_is_computed_or_entered_by_whom(staff_client, staff, year_of_bookings):
    indicator = ServiceIndicator.objects.get(code="integration_certificates")
    service_figure_set(year=2017, indicator=indicator, region=None, value=1234, by=staff)
    response = staff_client.get(reverse("reporting:annual", args=[2017]))
    cards = {card.indicator.code: card for card in response.context["cards"]}
    assert cards["assignments"].computed and cards["late_cancellations"].computed
    assert not cards["integration_certificates"].computed
    assert cards["integration_certificates"].entered_by == "analist.ann"
    page = response.content.decode()
    assert "Bron: berekend uit de boekingen" in page
    assert "Bron: ingevoerd of ingelezen door analist.ann op" in page


def test_a_service_figure_shows_a_regional_split_only_where_the_agency_gave_one(staff_client, staff):
    with_split = ServiceIndicator.objects.get(code="integration_certificates")
    without = ServiceIndicator.objects.get(code="integration_trajectories")
    service_figure_set(year=2017, indicator=with_split, region=None, value=30, by=staff)
    from organisations.models import Region

    limburg = Region.objects.get(code="limburg")
    service_figure_set(year=2017, indicator=with_split, region=limburg, value=30, by=staff)
    service_figure_set(year=2017, indicator=without, region=None, value=50, by=staff)
    cards = {
        card.indicator.code: card
        for card in staff_client.get(reverse("reporting:annual", args=[2017])).context["cards"]
    }
    assert [(region.code, value) for region, value in cards["integration_certificates"].regions] == [("limburg", 30)]
    assert cards["integration_trajectories"].regions == []
