"""Who sees which statement and job cost; staff pages; list pages' query counts stay fixed."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import BillingProfile, RequesterTariff, Statement, UnpricedJob
from billing.services import price_pending_jobs
from billing.statements import payout_statement_create, statement_create
from tests.billing.conftest import brussels, completed_job, interpreter_tariff, requester_tariff
from tests.factories import OrganisationFactory, StaffFactory, requester

pytestmark = pytest.mark.django_db
AFTER_Q1 = brussels(2026, 4, 2, 9)


@pytest.fixture
def billed(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    organisation = OrganisationFactory()
    BillingProfile.objects.create(organisation=organisation, enterprise_number="0212345668")  # a Peppol address
    job = completed_job(starts_at=brussels(2026, 2, 2, 10), organisation=organisation)
    statement = statement_create(organisation=organisation, year=2026, quarter=1, now=AFTER_Q1)
    payout = payout_statement_create(interpreter=job.interpreter, year=2026, month=2, now=AFTER_Q1)
    return organisation, job, statement, payout


@pytest.mark.parametrize("fmt", ["", "csv/", "xlsx/", "pdf/", "ubl/"])
def test_a_member_of_the_organisation_sees_its_statement_and_exports(client, billed, fmt):
    organisation, _job, statement, _payout = billed
    client.force_login(requester(organisation))

    response = client.get(reverse("billing:statement_detail", args=[statement.pk]) + fmt)

    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["", "csv/", "xlsx/", "pdf/", "ubl/"])
def test_another_organisation_gets_404_for_a_statement_and_its_exports(client, billed, fmt):
    client.force_login(requester(OrganisationFactory()))

    response = client.get(reverse("billing:statement_detail", args=[billed[2].pk]) + fmt)

    assert response.status_code == 404


def test_the_interpreter_sees_the_payout_but_not_the_organisations_statement(client, billed):
    _org, job, statement, payout = billed
    client.force_login(job.interpreter.user)

    assert client.get(reverse("billing:statement_detail", args=[payout.pk])).status_code == 200
    assert client.get(reverse("billing:statement_detail", args=[statement.pk])).status_code == 404
    assert client.get(reverse("billing:statement_export", args=[payout.pk, "ubl"])).status_code == 404


def test_another_requester_cannot_see_a_jobs_cost(client, billed):
    client.force_login(requester(OrganisationFactory()))
    assert client.get(reverse("billing:job_detail", args=[billed[1].pk])).status_code == 404


def test_the_requester_sees_the_cost_of_each_past_job(client, billed):
    organisation, job, _statement, _payout = billed
    client.force_login(requester(organisation))

    response = client.get(reverse("billing:job_costs"))

    assert response.status_code == 200
    assert job.reference in response.content.decode()
    assert "€ 56,00" in response.content.decode()


def test_the_job_costs_page_makes_a_fixed_number_of_queries(client, django_assert_num_queries, clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    organisation = OrganisationFactory()
    user = requester(organisation)
    client.force_login(user)
    completed_job(starts_at=brussels(2026, 2, 2, 10), organisation=organisation)
    price_pending_jobs()
    client.get(reverse("billing:job_costs"))
    with django_assert_num_queries(6) as few:  # the session is one of them
        client.get(reverse("billing:job_costs"))
    for day in range(3, 9):
        completed_job(starts_at=brussels(2026, 2, day, 10), organisation=organisation)
    price_pending_jobs()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("billing:job_costs"))
    assert len(response.context["page"]) == 7


def test_the_statement_list_makes_a_fixed_number_of_queries(client, django_assert_num_queries, billed):
    staff = StaffFactory()
    client.force_login(staff)
    client.get(reverse("billing:statement_list"))
    with django_assert_num_queries(5) as few:  # the session is one of them
        client.get(reverse("billing:statement_list"))
    for quarter in (2, 3):
        job = completed_job(starts_at=brussels(2026, 3 * quarter - 1, 2, 10), organisation=billed[0])
        price_pending_jobs()
        statement_create(organisation=job.organisation, year=2026, quarter=quarter, now=brussels(2027, 1, 2, 9))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("billing:statement_list"))
    assert len(response.context["page"]) == Statement.objects.count() == 4


def test_staff_are_told_when_a_statement_period_is_still_open(client):
    client.force_login(StaffFactory())
    organisation = OrganisationFactory()
    today = timezone.localdate()

    response = client.post(
        reverse("billing:statement_new"),
        {"organisation": organisation.pk, "year": today.year, "quarter": (today.month - 1) // 3 + 1},
    )

    assert response.status_code == 200
    assert "loopt nog tot en met" in response.content.decode()
    assert not Statement.objects.exists()


def test_staff_see_unpriced_jobs_and_requesters_may_not(client, clean_tariffs):
    job = completed_job(starts_at=brussels(2026, 2, 2, 10))
    price_pending_jobs()
    assert UnpricedJob.objects.filter(booking=job).exists()

    client.force_login(requester(job.organisation))
    assert client.get(reverse("billing:unpriced_list")).status_code == 403
    client.force_login(StaffFactory())
    response = client.get(reverse("billing:unpriced_list"))
    assert job.reference in response.content.decode()


def test_staff_add_a_tariff_and_an_overlapping_one_is_refused_with_the_form_kept(client, clean_tariffs):
    client.force_login(StaffFactory())
    data = {
        "kind": "interpreting",
        "mode": "video",
        "valid_from": "2026-01-01",
        "valid_until": "",
        "note": "",
        "hourly_rate": "56.00",
        "minimum_minutes": "60",
        "increment_minutes": "15",
        "first_block_minutes": "0",
        "first_block_price": "0",
        "increment_price": "0",
        "km_rate": "0",
        "max_km": "0",
        "late_cancellation_charge": "56",
        "word_rate": "0",
        "translation_minimum": "0",
        "sworn_supplement": "0",
    }
    url = reverse("billing:tariff_new", args=["requester"])

    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "valid_from": "2026-06-01", "hourly_rate": "60.00"})

    assert response.status_code == 200
    assert "overlapt met een bestaand tarief" in response.content.decode()
    assert 'value="60.00"' in response.content.decode()
    assert RequesterTariff.objects.filter(valid_from=date(2026, 1, 1)).count() == 1


def test_staff_add_a_correction_with_a_reason(client, billed):
    client.force_login(StaffFactory())
    job = billed[1]

    response = client.post(
        reverse("billing:job_correct", args=[job.pk]), {"party": "requester", "amount": "-5.00", "reason": "Korting"}
    )

    assert response.status_code == 302
    assert job.price_lines.filter(amount=Decimal("-5.00"), correction_reason="Korting").exists()


def test_a_requester_sees_the_expected_cost_of_a_booking(client, clean_tariffs):
    requester_tariff()
    organisation = OrganisationFactory()
    client.force_login(requester(organisation))
    from tests.factories import BookingFactory

    booking = BookingFactory(organisation=organisation, duration_minutes=90)

    response = client.get(reverse("billing:booking_estimate", args=[booking.pk]))

    assert response.status_code == 200
    assert "84" in response.content.decode()


def test_the_request_estimate_has_no_tariff_message_when_none_applies(client, clean_tariffs):
    client.force_login(requester(OrganisationFactory()))
    response = client.get(reverse("billing:request_estimate"), {"kind": "translation", "word_count": "300"})
    assert "nog geen tarief" in response.content.decode()


def test_staff_pages_render(client, billed):
    client.force_login(StaffFactory())
    job = billed[1]

    detail = client.get(reverse("billing:job_detail", args=[job.pk]))
    tariffs = client.get(reverse("billing:tariff_list"))

    assert detail.status_code == 200 and "Correctie toevoegen" in detail.content.decode()
    assert tariffs.status_code == 200 and "56,00" in tariffs.content.decode()
    assert client.get(reverse("billing:statement_new")).status_code == 200


def test_the_statement_page_makes_a_fixed_number_of_queries_whatever_its_lines(
    client, django_assert_num_queries, clean_tariffs
):
    requester_tariff()
    interpreter_tariff()
    small, large = OrganisationFactory(), OrganisationFactory()
    completed_job(starts_at=brussels(2026, 2, 2, 10), organisation=small)
    for day in range(2, 10):
        completed_job(starts_at=brussels(2026, 2, day, 10), organisation=large, actual=70, travel_km=12)
    one = statement_create(organisation=small, year=2026, quarter=1, now=AFTER_Q1)
    many = statement_create(organisation=large, year=2026, quarter=1, now=AFTER_Q1)
    client.force_login(StaffFactory())
    client.get(reverse("billing:statement_detail", args=[one.pk]))

    with django_assert_num_queries(6) as few:  # the session and the billing profile (Peppol or not) among them
        client.get(reverse("billing:statement_detail", args=[one.pk]))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("billing:statement_detail", args=[many.pk]))
    assert len(response.context["lines"]) == 16


def test_the_unpriced_list_makes_a_fixed_number_of_queries(client, django_assert_num_queries, clean_tariffs):
    completed_job(starts_at=brussels(2026, 2, 2, 10))
    price_pending_jobs()
    client.force_login(StaffFactory())
    client.get(reverse("billing:unpriced_list"))
    with django_assert_num_queries(5) as few:  # the session is one of them
        client.get(reverse("billing:unpriced_list"))
    for day in range(3, 8):
        completed_job(starts_at=brussels(2026, 2, day, 10))
    price_pending_jobs()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("billing:unpriced_list"))
    assert len(response.context["page"]) == 6


def test_staff_are_warned_when_jobs_of_the_period_could_not_be_priced(client, clean_tariffs):
    requester_tariff(valid_from=date(2026, 2, 1))
    interpreter_tariff()
    organisation = OrganisationFactory()
    completed_job(starts_at=brussels(2026, 1, 12, 10), organisation=organisation)  # before any tariff
    completed_job(starts_at=brussels(2026, 2, 12, 10), organisation=organisation)
    client.force_login(StaffFactory())

    response = client.post(
        reverse("billing:statement_new"), {"organisation": organisation.pk, "year": 2026, "quarter": 1}, follow=True
    )

    assert Statement.objects.get().net_amount == Decimal("56.00")
    assert "1 opdrachten van deze organisatie hebben nog geen tarief" in response.content.decode()
