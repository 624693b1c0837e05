from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Kind, Status
from interpreters.models import Mode
from languages.models import Language
from tests.factories import BookingFactory, InterpreterFactory

pytestmark = pytest.mark.django_db
URL = reverse("requester_booking_new")


def form_data(day, **overrides):
    data = {
        "mode": Mode.ON_SITE,
        "language": "ara",
        "date": day.isoformat(),
        "start_time": "10:00",
        "duration_minutes": "90",
        "address": "Kapelstraat 2",
        "postcode": "3500",
        "contact_on_site": "Mevr. Peeters, balie 3",
        "sector": "welzijn",
        "gender_preference": "f",
        "gender_required": "on",
        "notes": "Gesprek over huisvesting",
        "recurrence": "",
        "occurrences": "",
    }
    data.update(overrides)
    return data


def test_the_form_page_suggests_the_service_languages(client_in):
    response = client_in.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'list="id_language_list"' in html and '<option value="Arabisch"></option>' in html
    assert 'data-language-search="/languages/search/"' in html and "Cornish" not in html


def test_a_valid_on_site_request_becomes_a_submitted_booking(client_in, user, organisation, next_week):
    response = client_in.post(URL, form_data(next_week))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("requester_booking_detail", args=[booking.pk])
    assert booking.kind == Kind.INTERPRETING
    assert booking.status == Status.SUBMITTED
    assert booking.organisation == organisation
    assert booking.requested_by == user
    assert timezone.localtime(booking.starts_at).strftime("%Y-%m-%d %H:%M") == f"{next_week.isoformat()} 10:00"
    assert booking.duration_minutes == 90
    assert booking.municipality.postcode == "3500"
    assert (booking.gender_preference, booking.gender_required) == ("f", True)
    assert booking.contact_on_site == "Mevr. Peeters, balie 3"
    assert booking.history.get().to_status == Status.SUBMITTED


def test_a_phone_request_needs_no_address_or_postcode(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, mode=Mode.PHONE, address="", postcode=""))
    assert response.status_code == 302
    assert Booking.objects.get().mode == Mode.PHONE


def test_a_date_in_the_past_is_refused_and_what_was_typed_is_kept(client_in):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_in.post(URL, form_data(yesterday))
    assert response.status_code == 200
    assert "Het beginuur ligt in het verleden." in response.context["form"].errors["date"]
    assert 'value="Kapelstraat 2"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_duration_under_30_minutes_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, duration_minutes="20"))
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"] == ["Een opdracht duurt minstens 30 minuten."]
    assert not Booking.objects.exists()


def test_on_site_without_a_postcode_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, postcode=""))
    assert response.context["form"].errors["postcode"] == ["Een opdracht ter plaatse heeft een postcode nodig."]
    assert not Booking.objects.exists()


def test_on_site_with_an_unknown_postcode_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, postcode="0001"))
    assert "Onbekende postcode" in response.context["form"].errors["postcode"][0]
    assert not Booking.objects.exists()


def test_several_problems_are_shown_at_once(client_in):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_in.post(URL, form_data(yesterday, duration_minutes="10", postcode="", language="xxx"))
    errors = response.context["form"].errors
    assert {"date", "duration_minutes", "postcode", "language"} <= set(errors)
    assert errors["language"] == ["Geen taal gevonden voor “xxx”. Typ de naam van de taal, bv. Arabisch of Dari."]


def test_an_unknown_language_is_refused(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, language="zzz"))
    assert response.context["form"].errors["language"] == [
        "Geen taal gevonden voor “zzz”. Typ de naam van de taal, bv. Arabisch of Dari."
    ]
    assert not Booking.objects.exists()


def test_an_inactive_language_is_refused(client_in, next_week):
    Language.objects.filter(code="ara").update(is_active=False)
    response = client_in.post(URL, form_data(next_week))
    (error,) = response.context["form"].errors["language"]
    assert error.startswith("Geen taal heet “ara”. Bedoel je: ") and "Egyptisch Arabisch" in error
    assert not Booking.objects.exists()


def test_dutch_is_not_the_language_of_the_client(client_in, next_week):
    response = client_in.post(URL, form_data(next_week, language="nld"))
    assert "Nederlands" in response.context["form"].errors["language"][0]
    assert not Booking.objects.exists()


def test_only_interpreters_who_worked_for_the_organisation_can_be_preferred(client_in, organisation, next_week):
    # gender "f": form_data requires a woman, and a requirement nobody can meet is refused (matching/feasibility.py)
    known = InterpreterFactory(languages={"ara": "certified"}, gender="f")
    stranger = InterpreterFactory(languages={"ara": "certified"}, gender="f")
    BookingFactory(organisation=organisation, status=Status.COMPLETED, interpreter=known)
    choices = client_in.get(URL).context["form"].fields["preferred_interpreter"].queryset
    assert list(choices) == [known]
    refused = client_in.post(URL, form_data(next_week, preferred_interpreter=stranger.pk))
    assert "preferred_interpreter" in refused.context["form"].errors
    client_in.post(URL, form_data(next_week, preferred_interpreter=known.pk))
    assert Booking.objects.get(preferred_interpreter=known)


def test_a_service_error_on_submit_lands_on_the_form(client_in, next_week, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"postcode": ["Postcode intussen ongeldig."], "other": ["Iets anders."]})

    monkeypatch.setattr("portal.views.requester.booking_submit", refuse)
    response = client_in.post(URL, form_data(next_week))
    form = response.context["form"]
    assert form.errors["postcode"] == ["Postcode intussen ongeldig."]
    assert form.non_field_errors() == ["Iets anders."]
    assert form["address"].value() == "Kapelstraat 2"


def test_every_id_on_the_form_is_unique_and_each_label_names_its_own_field(client_in):
    class Ids(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.labels, self.names = Counter(), {}, {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids[attrs["id"]] += 1
                self.names[attrs["id"]] = attrs.get("name")
            if tag == "label" and attrs.get("for"):
                self.labels[attrs["for"]] = None

    parser = Ids()
    parser.feed(client_in.get(URL).content.decode())

    assert [id_ for id_, n in parser.ids.items() if n > 1] == []
    assert all(target in parser.ids for target in parser.labels)
    assert parser.names["id_ranked_mode_2"] == "mode_2" and parser.names["id_mode_2"] == "mode"
