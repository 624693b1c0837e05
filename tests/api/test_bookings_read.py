from datetime import date, timedelta

import factory
import pytest

from bookings.models import Kind, Status
from interpreters.models import Mode
from tests.factories import BookingFactory, InterpreterFactory, OrganisationFactory, TranslationFactory, language

pytestmark = pytest.mark.django_db

FIELDS = {
    "id", "reference", "kind", "mode", "language", "target_language", "starts_at", "duration_minutes", "postcode",
    "address", "deadline", "sector", "status", "late_cancellation", "interpreter", "organisation",
}  # fmt: skip


@pytest.fixture
def own_booking(organisation):
    return BookingFactory(organisation=organisation)


@pytest.fixture
def assigned_booking(organisation, interpreter):
    return BookingFactory(organisation=organisation, status=Status.CONFIRMED, interpreter=interpreter)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_requester_lists_only_its_organisations_bookings(requester_api, own_booking, assigned_booking):
    BookingFactory()
    assert ids(requester_api.get("/api/v1/bookings/")) == {own_booking.pk, assigned_booking.pk}


def test_a_requester_of_another_organisation_sees_none_of_them(other_requester_api, own_booking):
    assert ids(other_requester_api.get("/api/v1/bookings/")) == set()


def test_an_interpreter_lists_only_the_bookings_assigned_to_it(interpreter_api, own_booking, assigned_booking):
    BookingFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())
    assert ids(interpreter_api.get("/api/v1/bookings/")) == {assigned_booking.pk}


def test_staff_list_every_booking(staff_api, own_booking, assigned_booking):
    other = BookingFactory()
    assert ids(staff_api.get("/api/v1/bookings/")) == {own_booking.pk, assigned_booking.pk, other.pk}


def test_a_booking_carries_the_fields_of_the_interface(requester_api, assigned_booking, interpreter, organisation):
    body = requester_api.get(f"/api/v1/bookings/{assigned_booking.pk}/").json()
    assert FIELDS <= set(body)
    assert body["interpreter"] == interpreter.pk
    assert body["organisation"] == organisation.pk
    assert body["language"] == "ara"
    assert body["status"] == "confirmed"
    assert body["late_cancellation"] is False


@pytest.mark.parametrize(
    ("caller", "expected"),
    [("requester_api", 200), ("other_requester_api", 404), ("interpreter_api", 200), ("staff_api", 200)],
)
def test_reading_an_assigned_booking_by_role(request, caller, expected, assigned_booking):
    client = request.getfixturevalue(caller)
    assert client.get(f"/api/v1/bookings/{assigned_booking.pk}/").status_code == expected


def test_an_interpreter_does_not_see_a_booking_assigned_to_someone_else(interpreter_api):
    booking = BookingFactory(status=Status.CONFIRMED, interpreter=InterpreterFactory())
    response = interpreter_api.get(f"/api/v1/bookings/{booking.pk}/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_anonymous_callers_cannot_read_a_booking(anonymous_api, own_booking):
    assert anonymous_api.get(f"/api/v1/bookings/{own_booking.pk}/").status_code == 401


def test_an_unknown_booking_is_404(staff_api):
    assert staff_api.get("/api/v1/bookings/999999999/").status_code == 404
    assert staff_api.get("/api/v1/bookings/99999999999999999999/").status_code == 404


def test_bookings_filter_by_status_language_kind_and_mode(staff_api, organisation):
    phone = BookingFactory(mode=Mode.PHONE, postcode="", municipality=None)
    cancelled = BookingFactory(status=Status.CANCELLED)
    turkish = BookingFactory(language=language("tur"))
    translation = TranslationFactory()
    assert ids(staff_api.get("/api/v1/bookings/", {"mode": "phone"})) == {phone.pk}
    assert ids(staff_api.get("/api/v1/bookings/", {"status": "cancelled"})) == {cancelled.pk}
    assert ids(staff_api.get("/api/v1/bookings/", {"language": "tur"})) == {turkish.pk}
    assert ids(staff_api.get("/api/v1/bookings/", {"kind": Kind.TRANSLATION})) == {translation.pk}


def test_bookings_filter_by_start_date_and_organisation(staff_api, now):
    soon = BookingFactory(starts_at=now + timedelta(days=2))
    later = BookingFactory(starts_at=now + timedelta(days=20))
    elsewhere = BookingFactory(starts_at=now + timedelta(days=20), organisation=OrganisationFactory())
    day = (now + timedelta(days=10)).date().isoformat()
    assert ids(staff_api.get("/api/v1/bookings/", {"to": day})) == {soon.pk}
    assert ids(staff_api.get("/api/v1/bookings/", {"from": day})) == {later.pk, elsewhere.pk}
    assert ids(staff_api.get("/api/v1/bookings/", {"organisation": elsewhere.organisation_id})) == {elsewhere.pk}


def test_a_bad_filter_is_a_400_naming_the_field(staff_api):
    response = staff_api.get("/api/v1/bookings/", {"status": "lost", "from": "yesterday", "organisation": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "from", "organisation"}


def test_bookings_come_in_pages_of_50(requester_api, organisation):
    BookingFactory.create_batch(53, organisation=organisation)
    first = requester_api.get("/api/v1/bookings/").json()
    assert first["count"] == 53
    assert len(first["results"]) == 50
    second = requester_api.get(first["next"]).json()
    assert len(second["results"]) == 3
    assert second["next"] is None
    seen = {row["id"] for row in first["results"] + second["results"]}
    assert len(seen) == 53


def test_a_page_beyond_the_last_is_404(requester_api, own_booking):
    assert requester_api.get("/api/v1/bookings/", {"page": 3}).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_booking_list_makes_the_same_few_queries_whatever_its_length(staff_api, count, django_assert_num_queries):
    modes = factory.Iterator([Mode.ON_SITE, Mode.PHONE, Mode.VIDEO])  # a confirmed phone job shows a number to call
    interpreter = factory.SubFactory(InterpreterFactory)
    BookingFactory.create_batch(count, interpreter=interpreter, status=Status.CONFIRMED, mode=modes)
    # token with its user, the count, one page of bookings with everything it shows joined
    with django_assert_num_queries(3):
        assert staff_api.get("/api/v1/bookings/").status_code == 200


def test_dates_far_outside_this_century_are_refused(staff_api):
    response = staff_api.get("/api/v1/bookings/", {"from": date(9999, 1, 1).isoformat()})
    assert response.status_code == 400
    assert "from" in response.json()
