"""Quarterly statements per organisation and monthly payout statements per interpreter."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from billing.models import Party, PriceLine, Statement
from billing.services import price_line_correct
from billing.statements import StatementRefused, payout_statement_create, statement_create, statements_build_due
from tests.billing.conftest import brussels, completed_job, interpreter_tariff, requester_tariff
from tests.factories import InterpreterFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
AFTER_Q1 = brussels(2026, 4, 2, 9)


@pytest.fixture
def quarter(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    organisation = OrganisationFactory()
    interpreter = InterpreterFactory()
    jobs = [
        completed_job(
            starts_at=brussels(2026, 1, 5, 10), booked=60, organisation=organisation, interpreter=interpreter
        ),
        completed_job(
            starts_at=brussels(2026, 2, 9, 10),
            booked=90,
            actual=100,
            travel_km=30,
            organisation=organisation,
            interpreter=interpreter,
        ),
        completed_job(
            starts_at=brussels(2026, 3, 31, 23, 30), booked=60, organisation=organisation, interpreter=interpreter
        ),
    ]
    later = completed_job(starts_at=brussels(2026, 4, 1, 0, 30), organisation=organisation, interpreter=interpreter)
    return organisation, interpreter, jobs, later


def test_a_statement_for_a_quarter_not_yet_over_is_refused_with_a_clear_message(quarter):
    organisation = quarter[0]

    with pytest.raises(StatementRefused) as refused:
        statement_create(organisation=organisation, year=2026, quarter=1, now=brussels(2026, 3, 31, 23, 59))

    assert "loopt nog tot en met 31/03/2026" in refused.value.messages[0]
    assert not Statement.objects.exists()


def test_a_quarterly_statement_holds_the_quarters_lines_and_its_total_is_their_sum(quarter):
    organisation, _, jobs, later = quarter

    statement = statement_create(organisation=organisation, year=2026, quarter=1, now=AFTER_Q1)

    lines = statement.lines.all()
    assert {line.booking_id for line in lines} == {job.pk for job in jobs}
    assert all(line.party == Party.REQUESTER for line in lines)
    assert (
        statement.net_amount
        == lines.aggregate(total=Sum("amount"))["total"]
        == Decimal("56.00") + Decimal("98.00") + Decimal("9.90") + Decimal("56.00")
    )
    assert statement.vat_amount == Decimal("0.00")
    assert statement.total_amount == statement.net_amount
    assert not PriceLine.objects.filter(booking=later, statement__isnull=False).exists()


def test_the_same_quarter_cannot_be_billed_twice(quarter):
    statement_create(organisation=quarter[0], year=2026, quarter=1, now=AFTER_Q1)

    with pytest.raises(StatementRefused):
        statement_create(organisation=quarter[0], year=2026, quarter=1, now=AFTER_Q1)


def test_a_correction_after_the_statement_lands_on_the_next_one(quarter):
    organisation, _, jobs, _later = quarter
    first = statement_create(organisation=organisation, year=2026, quarter=1, now=AFTER_Q1)

    price_line_correct(booking=jobs[0], party=Party.REQUESTER, amount=Decimal("-10.00"), reason="Dubbel aangerekend")
    second = statement_create(organisation=organisation, year=2026, quarter=2, now=brussels(2026, 7, 1, 9))

    assert first.lines.count() == 4
    assert second.lines.filter(booking=jobs[0], correction_reason="Dubbel aangerekend").exists()
    assert second.net_amount == Decimal("56.00") - Decimal("10.00")


def test_vat_is_configurable(quarter, settings):
    settings.BILLING_VAT_RATE = "21"

    statement = statement_create(organisation=quarter[0], year=2026, quarter=1, now=AFTER_Q1)

    assert statement.vat_rate == Decimal("21")
    assert statement.net_amount == Decimal("219.90")
    assert statement.vat_amount == Decimal("46.18")  # 219.90 × 21 % = 46.179
    assert statement.total_amount == Decimal("266.08")


def test_a_monthly_payout_statement_holds_the_interpreters_lines(quarter):
    _, interpreter, jobs, _later = quarter

    payout = payout_statement_create(interpreter=interpreter, year=2026, month=2, now=brussels(2026, 3, 1, 9))

    assert payout.party == Party.INTERPRETER
    assert {line.booking_id for line in payout.lines.all()} == {jobs[0].pk, jobs[1].pk}
    assert payout.net_amount == Decimal("40.00") + Decimal("70.00") + Decimal("9.90")
    assert payout.vat_amount == Decimal("0.00")


def test_a_payout_for_the_current_month_is_refused(quarter):
    with pytest.raises(StatementRefused):
        payout_statement_create(interpreter=quarter[1], year=2026, month=3, now=brussels(2026, 3, 15, 9))


def test_the_daily_task_builds_last_quarters_and_last_months_statements_once(quarter):
    organisation, interpreter, _jobs, _later = quarter

    built = statements_build_due(now=AFTER_Q1)
    again = statements_build_due(now=AFTER_Q1)

    assert {(s.party, s.period_start.month) for s in built} == {(Party.REQUESTER, 1), (Party.INTERPRETER, 3)}
    assert again == []
    assert Statement.objects.get(party=Party.REQUESTER).organisation == organisation
    assert Statement.objects.get(party=Party.INTERPRETER).interpreter == interpreter


def test_an_empty_quarter_is_refused(clean_tariffs):
    with pytest.raises(StatementRefused) as refused:
        statement_create(organisation=OrganisationFactory(), year=2026, quarter=1, now=AFTER_Q1)
    assert "geen aan te rekenen" in refused.value.messages[0].lower()


def test_the_statement_task_runs_the_daily_build(quarter, monkeypatch):
    from billing import statements
    from billing.tasks import build_due_statements

    monkeypatch.setattr(statements.timezone, "now", lambda: AFTER_Q1)

    assert build_due_statements.delay().get() == 2
    assert build_due_statements.delay().get() == 0


@pytest.mark.parametrize("raw", ["abc", "-1", "101", "NaN"])
def test_a_bad_vat_rate_fails_at_start_naming_the_setting(settings, raw):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    settings.BILLING_VAT_RATE = raw
    with pytest.raises(ImproperlyConfigured, match="BILLING_VAT_RATE"):
        apps.get_app_config("billing").ready()
