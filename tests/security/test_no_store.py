"""Responses with personal data are never stored by a browser or proxy (`Cache-Control: no-store`); the
public pages and static files keep their own caching."""

import pytest
from django.urls import reverse

from accounts.roles import profile_for
from matching.oneclick import offer_token

FOREIGN = 900001


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("requester_b", lambda w: reverse("dashboard")),
        ("requester_b", lambda w: reverse("requester_booking_detail", args=[FOREIGN])),
        ("requester_b", lambda w: reverse("requester_booking_document", args=[FOREIGN, FOREIGN])),
        ("requester_b", lambda w: reverse("requester_booking_ics", args=[FOREIGN])),
        ("requester_b", lambda w: reverse("billing:statement_export", args=[FOREIGN, "pdf"])),
        ("requester_b", lambda w: reverse("billing:statement_export", args=[FOREIGN, "csv"])),
        ("staff", lambda w: reverse("staff_booking_desk", args=[FOREIGN])),
        ("staff", lambda w: reverse("reporting:annual_csv", args=[2017])),
        ("staff", lambda w: reverse("reporting:annual_xlsx", args=[2017])),
    ],
    ids=["dashboard", "booking", "document", "booking-ics", "statement-pdf", "statement-csv", "desk", "csv", "xlsx"],
)
def test_pages_and_files_of_a_signed_in_user_are_not_stored(client, world, who, url):
    client.force_login(getattr(world, who))

    response = client.get(url(world))

    assert response.status_code == 200
    assert no_store(response)


def test_the_calendar_feed_without_a_session_is_not_stored(client, world):
    token = profile_for(world.interpreter_y.user).calendar_token

    response = client.get(reverse("calendar_feed", args=[token]))

    assert response.status_code == 200
    assert no_store(response)


def test_a_one_click_offer_page_is_not_stored(client, world):
    response = client.get(reverse("offer_oneclick_accept", args=[offer_token(world.offer, "accept")]))

    assert response.status_code == 200
    assert no_store(response)


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/bookings/", f"/api/v1/bookings/{FOREIGN}/"])
def test_api_answers_to_a_token_are_not_stored(client, world, url):
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {world.token_b.key}")

    assert response.status_code == 200
    assert no_store(response)


def test_a_public_page_keeps_normal_caching(client, db):
    response = client.get(reverse("password_reset"))

    assert response.status_code == 200
    assert not no_store(response)


@pytest.mark.parametrize("signed_in", [False, True])
def test_static_files_keep_their_caching_even_for_a_signed_in_user(client, world, settings, signed_in):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    if signed_in:
        client.force_login(world.requester_b)

    response = client.get("/static/css/tolkportaal.css")

    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    assert not no_store(response)
