"""“Nu een tolk” in the portal: the short form, the progress the requester's page polls, the interpreter's
presence toggle and live offers, and the staff's view of who is present per language."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Status
from interpreters.models import Absence, Presence
from interpreters.presence import presence_set
from interpreters.services import absence_add
from matching.offers import offer_accept
from matching.rounds import booking_match
from tests.factories import InterpreterFactory, StaffFactory

pytestmark = pytest.mark.django_db


def present(code="ara", **fields):
    interpreter = InterpreterFactory(languages={code: "certified"}, **fields)
    presence_set(interpreter=interpreter, available=True, until=timezone.now() + timedelta(hours=1))
    return interpreter


def ask(client_in, **fields):
    data = {"language": "ara", "mode": "video", "sector": "welzijn", "notes": "", **fields}
    return client_in.post(reverse("requester_immediate_new"), data)


def test_the_dashboard_offers_nu_een_tolk(client_in):
    page = client_in.get(reverse("dashboard")).content.decode()
    assert reverse("requester_immediate_new") in page


def test_the_short_form_asks_only_language_mode_sector_and_notes(client_in):
    form = client_in.get(reverse("requester_immediate_new")).context["form"]
    assert list(form.fields) == ["language", "mode", "sector", "notes"]


def test_asking_now_offers_the_job_and_the_page_polls_its_progress(client_in, settings):
    settings.TOLK_VIDEO_BASE_URL = "https://meet.example.be/"
    interpreter = present()
    response = ask(client_in)
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == reverse("requester_booking_detail", args=[booking.pk])
    assert booking.immediate and booking.status == Status.OFFERED and booking.sector == "welzijn"
    page = client_in.get(response.url).content.decode()
    status_url = reverse("requester_immediate_status", args=[booking.pk])
    assert f'data-live-url="{status_url}"' in page
    body = client_in.get(status_url).json()
    assert body["status"] == "offered" and body["done"] is False
    assert "Ronde 1" in body["html"]
    offer_accept(offer=booking.offers.get(), by=interpreter.user)
    body = client_in.get(status_url).json()
    booking.refresh_from_db()
    assert body["done"] is True
    assert booking.join.href.startswith("https://meet.example.be/")
    assert booking.join.href in body["html"]


def test_nobody_in_time_offers_a_booking_ahead_prefilled(client_in, settings):
    ask(client_in, mode="phone", sector="gezondheid")
    booking = Booking.objects.get()
    booking_match(
        booking_id=booking.pk, now=booking.created_at + timedelta(seconds=settings.TOLK_IMMEDIATE_GIVE_UP_SECONDS)
    )
    booking.refresh_from_db()
    assert booking.status == Status.UNFILLED
    html = client_in.get(reverse("requester_immediate_status", args=[booking.pk])).json()["html"]
    ahead = reverse("requester_booking_new") + "?language=ara&amp;mode=phone&amp;sector=gezondheid"
    assert ahead in html
    form = client_in.get(reverse("requester_booking_new") + "?language=ara&mode=phone&sector=gezondheid").context[
        "form"
    ]
    assert (form["language"].value(), form["mode"].value(), form["sector"].value()) == ("ara", "phone", "gezondheid")


def test_an_on_site_request_now_is_a_field_error_and_stores_nothing(client_in):
    response = ask(client_in, mode="on_site")
    assert response.status_code == 200
    assert "mode" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_another_organisations_progress_is_404(client_in):
    from tests.factories import BookingFactory

    other = BookingFactory(immediate=True, mode="video", postcode="", municipality=None)
    assert client_in.get(reverse("requester_immediate_status", args=[other.pk])).status_code == 404


@pytest.fixture
def interpreter_client(db):
    client = Client()  # its own: client_in logs the requester in on the default one
    interpreter = InterpreterFactory(languages={"ara": "certified"})
    client.force_login(interpreter.user)
    client.interpreter = interpreter
    return client


def test_the_interpreter_turns_presence_on_until_a_time_and_off(interpreter_client):
    until = (timezone.localtime() + timedelta(hours=1)).strftime("%H:%M")
    response = interpreter_client.post(reverse("interpreter_presence"), {"available": "1", "until": until})
    assert response.status_code == 302
    presence = Presence.objects.get(interpreter=interpreter_client.interpreter)
    assert f"{timezone.localtime(presence.until):%H:%M}" == until
    page = interpreter_client.get(reverse("dashboard")).content.decode()
    assert "Niet meer beschikbaar" in page
    interpreter_client.post(reverse("interpreter_presence"), {"available": "0"})
    assert not Presence.objects.exists()


def test_a_time_more_than_twelve_hours_ahead_is_refused_with_a_message(interpreter_client):
    until = (timezone.localtime() - timedelta(minutes=30)).strftime("%H:%M")  # tomorrow at that time: 23.5 h
    response = interpreter_client.post(reverse("interpreter_presence"), {"available": "1", "until": until}, follow=True)
    assert not Presence.objects.exists()
    assert "Hoogstens 12 uur vooruit" in response.content.decode()


def test_an_absence_clears_the_presence(interpreter_client):
    presence_set(interpreter=interpreter_client.interpreter, available=True)
    today = timezone.localdate()
    absence_add(interpreter=interpreter_client.interpreter, starts_on=today, ends_on=today)
    assert not Presence.objects.exists()
    assert Absence.objects.exists()


def test_the_home_page_polls_live_offers_with_their_accept_button(interpreter_client, client_in):
    presence_set(interpreter=interpreter_client.interpreter, available=True)
    page = interpreter_client.get(reverse("dashboard")).content.decode()
    assert f'data-live-url="{reverse("interpreter_live_offers")}"' in page
    assert interpreter_client.get(reverse("interpreter_live_offers")).json()["count"] == 0
    ask(client_in)
    offer = Booking.objects.get().offers.get()
    body = interpreter_client.get(reverse("interpreter_live_offers")).json()
    assert body["count"] == 1
    assert reverse("interpreter_offer_accept", args=[offer.pk]) in body["html"]


def test_live_offers_take_the_same_queries_for_one_offer_or_many(interpreter_client, client_in):
    presence_set(interpreter=interpreter_client.interpreter, available=True)
    url = reverse("interpreter_live_offers")
    ask(client_in)
    with CaptureQueriesContext(connection) as one:
        interpreter_client.get(url)
    for code in ("ara", "ara", "ara"):
        ask(client_in, language=code)
    with CaptureQueriesContext(connection) as four:
        assert interpreter_client.get(url).json()["count"] == 4
    assert len(four) == len(one)


def test_staff_see_who_is_present_per_language(client):
    arabic, turkish = present("ara"), present("tur")
    InterpreterFactory(languages={"ara": "sworn"})  # not present
    client.force_login(StaffFactory())
    response = client.get(reverse("staff_presence"))
    by_language = dict(response.context["by_language"])
    assert [p.interpreter for p in by_language["Arabisch"]] == [arabic]
    assert [p.interpreter for p in by_language["Turks"]] == [turkish]
