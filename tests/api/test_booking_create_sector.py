"""POST /api/v1/bookings/ without `sector` starts as the portal's form does: the organisation's last booking's
sector, else the one its kind suggests; a given sector is kept."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking
from organisations.models import OrganisationKind
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_without_sector(now):
    return {
        "mode": "phone",
        "language": "ara",
        "starts_at": (now + timedelta(days=5)).replace(microsecond=0).isoformat(),
        "duration_minutes": 60,
        "connection_details": "011 23 45 67",
    }


@pytest.mark.parametrize(
    "kind, sector",
    [(OrganisationKind.OCMW, "welzijn"), (OrganisationKind.SCHOOL, "onderwijs"), ("hospital", "gezondheid")],
)
def test_without_a_sector_the_organisations_kind_decides(
    requester_api, organisation, request_without_sector, kind, sector
):
    organisation.kind = kind
    organisation.save(update_fields=["kind"])
    response = requester_api.post("/api/v1/bookings/", request_without_sector, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["sector"] == sector == Booking.objects.get().sector


def test_without_a_sector_the_last_booking_decides(requester_api, organisation, request_without_sector):
    organisation.kind = OrganisationKind.OCMW
    organisation.save(update_fields=["kind"])
    BookingFactory(organisation=organisation, sector="justitie-politie")
    response = requester_api.post("/api/v1/bookings/", request_without_sector, format="json")
    assert response.json()["sector"] == "justitie-politie"


def test_a_given_sector_is_kept_and_a_wrong_one_is_a_field_error(requester_api, request_without_sector):
    kept = requester_api.post("/api/v1/bookings/", {**request_without_sector, "sector": "werk"}, format="json")
    assert kept.json()["sector"] == "werk"
    wrong = requester_api.post("/api/v1/bookings/", {**request_without_sector, "sector": "nope"}, format="json")
    assert wrong.status_code == 400 and "sector" in wrong.json()


def _reads_last_sector(queries) -> bool:
    return any('"bookings_booking"."sector" AS "sector"' in query["sql"] for query in queries.captured_queries)


def test_the_last_bookings_sector_is_read_only_when_none_is_given(requester_api, organisation, request_without_sector):
    BookingFactory(organisation=organisation, sector="justitie-politie")
    with CaptureQueriesContext(connection) as without:
        assert requester_api.post("/api/v1/bookings/", request_without_sector, format="json").status_code == 201
    with CaptureQueriesContext(connection) as given:
        body = {**request_without_sector, "sector": "werk"}
        assert requester_api.post("/api/v1/bookings/", body, format="json").status_code == 201
    assert _reads_last_sector(without) and not _reads_last_sector(given)
