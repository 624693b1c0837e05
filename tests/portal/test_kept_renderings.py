"""The list pages' rows are rendered once and kept by what they show (config/fragments.py): a second request for
the same rows is served the kept HTML, and any change to what a row shows is on the next page at once, however
the change was written (a plain UPDATE too, which no signal sees)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Status
from config.fragments import content_key
from languages.models import Language
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db
LIST = reverse("requester_booking_list")
ROW = "bookings/requester/_status.html"  # included once for each row rendered


def rows_rendered(response) -> int:
    return sum(template.name == ROW for template in response.templates)


def table(response) -> str:
    html = response.content.decode()
    return html[html.index("<table") : html.index("</nav>", html.index("<table"))]


@pytest.fixture
def confirmed(organisation):
    interpreter = InterpreterFactory(user__first_name="Amal", user__last_name="Haddad")
    return BookingFactory(
        organisation=organisation,
        status=Status.CONFIRMED,
        interpreter=interpreter,
        starts_at=timezone.now() + timedelta(days=3),
    )


def test_the_same_rows_are_rendered_once(client_in, confirmed):
    first, second = client_in.get(LIST), client_in.get(LIST)
    assert rows_rendered(first) == 1 and rows_rendered(second) == 0
    assert table(second) == table(first) and "Amal Haddad" in table(second)


def test_a_status_changed_by_a_plain_update_shows_at_once(client_in, confirmed):
    assert "Bevestigd" in table(client_in.get(LIST))
    Booking.objects.filter(pk=confirmed.pk).update(status=Status.CANCELLED)  # no save(), no signal
    response = client_in.get(LIST)
    assert rows_rendered(response) == 1
    assert "Geannuleerd" in table(response) and "Bevestigd" not in table(response)


def test_a_renamed_interpreter_and_language_show_at_once(client_in, confirmed):
    assert "Amal Haddad" in client_in.get(LIST).content.decode()
    User.objects.filter(pk=confirmed.interpreter.user_id).update(last_name="Mansour")
    Language.objects.filter(pk=confirmed.language_id).update(name_nl="Arabisch (Levant)")
    html = client_in.get(LIST).content.decode()
    assert "Amal Mansour" in html and "Amal Haddad" not in html
    assert "Arabisch (Levant)" in html


def test_each_language_gets_its_own_rendering(client_in, confirmed):
    dutch = table(client_in.get(LIST, headers={"accept-language": "nl"}))
    english = table(client_in.get(LIST, headers={"accept-language": "en"}))
    assert "Bevestigd" in dutch and "Confirmed" in english and "Bevestigd" not in english


def test_a_new_booking_on_the_page_shows_at_once(client_in, organisation, confirmed):
    client_in.get(LIST)
    BookingFactory(organisation=organisation, reference="TP-NIEUW-1", starts_at=timezone.now() + timedelta(days=9))
    response = client_in.get(LIST)
    assert "TP-NIEUW-1" in response.content.decode() and rows_rendered(response) == 2


def test_the_dashboard_keeps_its_lists_and_shows_changes_at_once(client_in, confirmed):
    first, second = client_in.get("/"), client_in.get("/")
    assert rows_rendered(first) == 1 and rows_rendered(second) == 0
    Booking.objects.filter(pk=confirmed.pk).update(status=Status.UNFILLED, interpreter=None)
    html = client_in.get("/").content.decode()
    assert "Geen tolk gevonden" in html and "Amal Haddad" not in html


def test_the_key_follows_every_loaded_value_of_the_row_and_its_relations(confirmed):
    def loaded():
        return list(Booking.objects.select_related("interpreter__user", "language").filter(pk=confirmed.pk))

    before = content_key(loaded())
    assert content_key(loaded()) == before
    User.objects.filter(pk=confirmed.interpreter.user_id).update(first_name="Samira")
    assert content_key(loaded()) != before
    assert content_key(loaded(), 2) != content_key(loaded(), 3)
