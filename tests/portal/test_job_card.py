"""The interpreter's job card: what it shows, who sees it, check-in and check-out prefilling the timesheet,
waiting time and parking priced, and the expected fee."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import InterpreterTariff, RequesterTariff
from billing.pricing import JobFacts, interpreter_lines, requester_lines, total
from bookings.models import Status
from bookings.timesheets import CheckRefused, booking_check_in, booking_check_out
from tests.factories import BookingFactory, InterpreterFactory, OfferFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def interpreter():
    return InterpreterFactory(municipality=municipality("3500"))


def job(interpreter, **fields):
    fields.setdefault("status", Status.CONFIRMED)
    return BookingFactory(interpreter=interpreter, **fields)


def test_the_card_shows_what_is_needed_for_a_phone_job(client, interpreter):
    booking = job(
        interpreter,
        mode="phone",
        postcode="",
        municipality=None,
        address="",
        connection_details="011 23 45 67",
        contact_on_site="Mevr. Peeters",
        notes="Vraag naar dienst onthaal",
        client_name="Amina Benali",
    )
    client.force_login(interpreter.user)
    page = client.get(reverse("interpreter_job", args=[booking.pk])).content.decode()
    assert 'href="tel:+3211234567"' in page
    assert "Mevr. Peeters" in page and "Vraag naar dienst onthaal" in page
    assert "A. B." in page and "Amina" not in page
    assert reverse("billing:interpreter_fee", args=[booking.pk]) in page


def test_the_card_of_an_on_site_job_links_to_a_map(client, interpreter):
    booking = job(interpreter, address="Maastrichterstraat 5")
    client.force_login(interpreter.user)
    page = client.get(reverse("interpreter_job", args=[booking.pk])).content.decode()
    assert "https://www.openstreetmap.org/search?query=Maastrichterstraat+5" in page


def test_only_the_assigned_interpreter_sees_the_job_card_and_only_the_offered_one_the_offer_card(client, interpreter):
    booking = job(interpreter)
    offer = OfferFactory(interpreter=interpreter)
    client.force_login(InterpreterFactory().user)
    assert client.get(reverse("interpreter_job", args=[booking.pk])).status_code == 404
    assert client.get(reverse("interpreter_offer", args=[offer.pk])).status_code == 404
    client.force_login(interpreter.user)
    page = client.get(reverse("interpreter_offer", args=[offer.pk])).content.decode()
    assert "Aanvaarden" in page and offer.booking.reference in page
    assert "Kapelstraat" in page  # the address of the offered job


def test_check_in_and_out_on_the_day_prefill_the_timesheet(client, interpreter):
    # the last noon that has passed: check-in and check-out are on the job's own day, whatever time it is now
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    now = noon if noon <= timezone.localtime() else noon - timedelta(days=1)
    booking = job(interpreter, starts_at=now - timedelta(minutes=70))
    booking_check_in(booking=booking, now=now - timedelta(minutes=65))
    with pytest.raises(CheckRefused):
        booking_check_in(booking=booking, now=now)
    booking_check_out(booking=booking, now=now - timedelta(minutes=2))
    client.force_login(interpreter.user)
    form = client.get(reverse("interpreter_timesheet", args=[booking.pk])).context["form"]
    local = timezone.localtime
    assert form.initial["actual_start"] == local(booking.checked_in_at).replace(second=0, microsecond=0)
    assert form.initial["actual_end"] == local(booking.checked_out_at).replace(second=0, microsecond=0)


def test_no_check_in_on_another_day_nor_check_out_before_check_in(interpreter):
    booking = job(interpreter)  # in ten days
    with pytest.raises(CheckRefused):
        booking_check_in(booking=booking)
    with pytest.raises(CheckRefused):
        booking_check_out(booking=booking, now=booking.starts_at)


def test_the_timesheet_proposes_the_round_trip_and_keeps_waiting_time_and_parking(client, interpreter):
    booking = job(
        interpreter, starts_at=timezone.now() - timedelta(hours=2), postcode="3600", municipality=municipality("3600")
    )
    client.force_login(interpreter.user)
    form = client.get(reverse("interpreter_timesheet", args=[booking.pk])).context["form"]
    assert 2 <= form.initial["travel_km"] <= 60 and form.initial["travel_km"] % 1 == 0
    start = timezone.localtime(booking.starts_at)
    response = client.post(
        reverse("interpreter_timesheet", args=[booking.pk]),
        {
            "actual_start": start.strftime("%Y-%m-%dT%H:%M"),
            "actual_end": (start + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M"),
            "travel_km": "30",
            "waiting_minutes": "20",
            "parking_cost": "4.50",
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.timesheet.waiting_minutes, booking.timesheet.parking_cost) == (20, Decimal("4.50"))


def test_a_negative_parking_cost_is_refused_with_a_field_error(client, interpreter):
    booking = job(interpreter, starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(interpreter.user)
    start = timezone.localtime(booking.starts_at)
    response = client.post(
        reverse("interpreter_timesheet", args=[booking.pk]),
        {
            "actual_start": start.strftime("%Y-%m-%dT%H:%M"),
            "actual_end": (start + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M"),
            "travel_km": "0",
            "parking_cost": "-1",
        },
    )
    assert response.status_code == 200 and "parking_cost" in response.context["form"].errors
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def tariffs():
    requester = RequesterTariff(
        kind="interpreting",
        mode="on_site",
        valid_from=date(2020, 1, 1),
        hourly_rate=Decimal("60"),
        minimum_minutes=60,
        increment_minutes=15,
        first_block_minutes=0,
        km_rate=Decimal("0"),
        max_km=100,
    )
    fee = InterpreterTariff(
        kind="interpreting",
        mode="on_site",
        valid_from=date(2020, 1, 1),
        hourly_fee=Decimal("40"),
        km_allowance=Decimal("0"),
        max_km=100,
    )
    return requester, fee


def test_waiting_time_counts_as_time_worked_and_parking_is_passed_on_for_both_parties():
    requester, fee = tariffs()
    facts = JobFacts(
        kind="interpreting",
        booked_minutes=60,
        actual_minutes=60,
        waiting_minutes=30,
        parking_cost=Decimal("4.50"),
        on_site=True,
    )
    assert total(requester_lines(facts, requester)) == Decimal("90.00") + Decimal("4.50")
    assert total(interpreter_lines(facts, fee, minimum=60, increment=15)) == Decimal("60.00") + Decimal("4.50")


def test_the_fee_fragment_shows_the_expected_pay_to_the_interpreter_only(client, interpreter):
    RequesterTariff.objects.all().delete()  # the tariffs a migration may have loaded
    InterpreterTariff.objects.all().delete()
    requester, fee = tariffs()
    requester.save()
    fee.save()
    booking = job(interpreter, duration_minutes=90)
    client.force_login(interpreter.user)
    page = client.get(reverse("billing:interpreter_fee", args=[booking.pk])).content.decode()
    assert "€ 60.00" in page or "€ 60,00" in page
    client.force_login(InterpreterFactory().user)
    assert client.get(reverse("billing:interpreter_fee", args=[booking.pk])).status_code == 404
