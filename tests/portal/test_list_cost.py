"""What makes the requester's list pages cheap (issue #9) must not change what they show."""

import pytest
from django.urls import reverse

from languages.models import Language
from tests.factories import BookingFactory, InterpreterFactory, TranslationFactory, language
from tests.portal.test_list_and_dashboard import make_bookings

pytestmark = pytest.mark.django_db
LIST = reverse("requester_booking_list")
INVALID = {"status": "bogus", "date_from": "2027-13-01", "language": "xxx", "date_to": "2027-01-01"}


def test_an_invalid_filter_shows_its_error_beside_the_field(client_in):
    html = client_in.get(LIST, INVALID).content.decode()
    for name in ("status", "language", "date_from"):
        assert f'id="id_{name}"' in html and "is-invalid" in html
        assert f'id="error_1_id_{name}"' in html


def language_filter(client, accept_language="nl", **params) -> str:
    html = client.get(LIST, params, headers={"accept-language": accept_language}).content.decode()
    return html[html.index('<input type="text" name="language"') : html.index("</datalist>")]


def test_the_language_filter_shows_a_changed_language_list_at_once(client_in):
    before = language_filter(client_in)
    assert '<option value="Tigrinya">' in before
    Language.objects.filter(code="tir").update(name_nl="Tigrinya (gewijzigd)")
    Language.objects.filter(code="ara").update(is_active=False)
    after = language_filter(client_in)
    assert '<option value="Tigrinya (gewijzigd)">' in after
    assert '<option value="Arabisch">' in before and '<option value="Arabisch">' not in after


def test_the_language_filter_follows_the_chosen_value_and_the_users_language(client_in, organisation):
    BookingFactory(organisation=organisation, language=language("tir"))
    BookingFactory(organisation=organisation, language=language("ara"))
    assert 'value="Tigrinya"' in language_filter(client_in, language="tir").split("<datalist")[0]
    assert 'value="' not in language_filter(client_in).split("<datalist")[0]
    tir = language("tir")
    html = language_filter(client_in, "fr", language="tir")
    assert f'value="{tir.name_fr}"' in html.split("<datalist")[0] and 'placeholder="Toutes les langues"' in html
    assert f'<option value="{tir.name_en}">' in language_filter(client_in, "en")
    listed = client_in.get(LIST, {"language": "Tigrinja"}).context["page"].object_list
    assert [booking.language_id for booking in listed] == ["tir"]


def test_each_row_shows_what_it_needs_without_a_query_per_row(client_in, organisation, django_assert_num_queries):
    interpreter = InterpreterFactory(user__first_name="Amal", user__last_name="Haddad")
    BookingFactory(organisation=organisation, interpreter=interpreter, urgent=True)
    TranslationFactory(organisation=organisation, target_language=language("fra"))
    make_bookings(organisation, 20)
    # session, user, interpreter check, organisation, languages of the filter, count, one page of rows
    with django_assert_num_queries(7):
        html = client_in.get(LIST).content.decode()
    assert "Amal Haddad" in html and "dringend" in html and "→ Frans" in html


def test_the_dashboard_makes_a_fixed_number_of_queries(client_in, organisation, django_assert_num_queries):
    make_bookings(organisation, 30)
    # session, user, interpreter check, organisation, organisations, the six lists
    with django_assert_num_queries(11):
        assert client_in.get(reverse("dashboard")).status_code == 200


def test_the_dashboard_lists_are_each_their_own_first_rows_in_order(client_in, organisation):
    """Each of the six lists (portal/views/requester.py) is its own filter's first ten rows in its own
    order, not rows of another list."""
    from datetime import timedelta

    from django.utils import timezone

    from bookings.models import Status

    now = timezone.now()
    interpreter = InterpreterFactory()
    upcoming = [
        BookingFactory(
            organisation=organisation,
            status=Status.CONFIRMED,
            interpreter=interpreter,
            starts_at=now + timedelta(days=20 - n),
        )
        for n in range(12)
    ]
    unfilled = [
        BookingFactory(organisation=organisation, status=Status.UNFILLED, starts_at=now + timedelta(days=30 + n))
        for n in range(3)
    ]
    done = [
        BookingFactory(
            organisation=organisation,
            status=Status.COMPLETED,
            interpreter=interpreter,
            starts_at=now - timedelta(days=n + 1),
        )
        for n in range(12)
    ]
    translations = [
        TranslationFactory(organisation=organisation, deadline=now + timedelta(days=9 - n)) for n in range(4)
    ]
    context = client_in.get(reverse("dashboard")).context
    # the earliest ten interpreting jobs to come (the unfilled ones start later than all confirmed ones)
    assert context["upcoming"] == sorted(upcoming, key=lambda b: b.starts_at)[:10]
    assert context["unfilled"] == unfilled
    assert context["at_risk"] == []
    assert context["awaiting_feedback"] == done[:10]
    assert context["translations"] == sorted(translations, key=lambda b: b.deadline)


@pytest.mark.parametrize("ui_language", ["nl", "fr", "en"])
def test_status_kind_and_mode_read_as_djangos_own_get_display(ui_language):
    from django.utils import translation

    from bookings.models import Booking, Kind, Status
    from interpreters.models import Mode

    fields = {name: Booking._meta.get_field(name) for name in ("status", "kind", "mode")}
    values = {"status": [*Status.values, "bogus"], "kind": [*Kind.values, "bogus"], "mode": [*Mode.values, ""]}
    with translation.override(ui_language):
        for name, field in fields.items():
            for value in values[name]:
                booking = Booking(**{name: value})
                assert getattr(booking, f"get_{name}_display")() == booking._get_FIELD_display(field)
        assert Booking(status=Status.CANCELLED).get_status_display() == str(Status.CANCELLED.label)
