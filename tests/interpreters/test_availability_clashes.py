"""An absence or new weekly hours over confirmed jobs and open offers: the clashes are shown before saving; on
saving the chosen jobs are given back (replacement) and the open offers withdrawn."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Message, OfferStatus, Status, Withdrawal
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, OrganisationFactory, requester

pytestmark = pytest.mark.django_db


@pytest.fixture
def tolk():
    return InterpreterFactory(languages={"ara": "certified"})


@pytest.fixture
def taken(tolk):
    organisation = OrganisationFactory()
    # at nine in the morning, so that the offer three hours later falls on the same day whenever the test runs
    morning = timezone.localtime() + timedelta(days=10)
    return BookingFactory(
        organisation=organisation,
        requested_by=requester(organisation),
        status=Status.CONFIRMED,
        interpreter=tolk,
        starts_at=morning.replace(hour=9, minute=0, second=0, microsecond=0),
    )


def absence_post(booking, **extra):
    day = timezone.localdate(booking.starts_at).isoformat()
    return {"absence-starts_on": day, "absence-ends_on": day, "absence-reason": "Ziek", **extra}


def test_the_clashes_are_shown_before_anything_is_saved(client, tolk, taken):
    offer = OfferFactory(interpreter=tolk, booking__starts_at=taken.starts_at + timedelta(hours=3))
    client.force_login(tolk.user)
    response = client.post(reverse("interpreter_absence_create"), absence_post(taken))
    page = response.content.decode()
    assert response.status_code == 200
    assert taken.reference in page and offer.booking.reference in page and "Toch bewaren" in page
    assert not tolk.absences.exists()


def test_saving_withdraws_from_the_chosen_jobs_and_the_open_offers(client, tolk, taken):
    offer = OfferFactory(interpreter=tolk, booking__starts_at=taken.starts_at + timedelta(hours=3))
    client.force_login(tolk.user)
    data = absence_post(taken, confirm_clashes="1", withdraw_from=[str(taken.pk)])
    assert client.post(reverse("interpreter_absence_create"), data).status_code == 302
    assert tolk.absences.count() == 1
    assert Booking.objects.get(pk=taken.pk).interpreter is None
    assert Withdrawal.objects.get().booking_id == taken.pk
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    assert Message.objects.filter(kind="offer_withdrawn", recipient=tolk.user).exists()


def test_a_job_left_unticked_stays_with_the_interpreter(client, tolk, taken):
    client.force_login(tolk.user)
    assert (
        client.post(reverse("interpreter_absence_create"), absence_post(taken, confirm_clashes="1")).status_code == 302
    )
    assert Booking.objects.get(pk=taken.pk).interpreter == tolk


def test_new_weekly_hours_that_leave_out_a_job_show_it(client, tolk, taken):
    other_day = (timezone.localtime(taken.starts_at).weekday() + 1) % 7
    data = {
        "hours-TOTAL_FORMS": "1",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": str(other_day),
        "hours-0-start_time": "08:00",
        "hours-0-end_time": "18:00",
    }
    client.force_login(tolk.user)
    response = client.post(reverse("interpreter_availability"), data)
    assert response.status_code == 200 and taken.reference in response.content.decode()
    assert not tolk.weekly_hours.exists()
    client.post(reverse("interpreter_availability"), {**data, "confirm_clashes": "1", "withdraw_from": str(taken.pk)})
    assert tolk.weekly_hours.count() == 1 and Booking.objects.get(pk=taken.pk).interpreter is None


def test_the_page_has_no_row_preset_to_monday_and_one_empty_row(client, tolk):
    client.force_login(tolk.user)
    page = client.get(reverse("interpreter_availability")).content.decode()
    assert page.count('name="hours-0-weekday"') == 1 and 'name="hours-1-weekday"' not in page
    assert '<option value="" selected>' in page
    assert "altijd beschikbaar" not in page
    untouched = {"hours-TOTAL_FORMS": "1", "hours-INITIAL_FORMS": "0", "hours-0-weekday": ""}
    assert client.post(reverse("interpreter_availability"), untouched).status_code == 302
    assert not tolk.weekly_hours.exists()
