"""Only approved and auto-approved jobs go onto a statement; pending and disputed ones wait."""

import pytest

from billing.statements import StatementRefused, payout_statement_create, statement_create, statements_build_due
from bookings.models import TimesheetStatus
from bookings.timesheet_approval import timesheet_dispute_resolve
from tests.billing.conftest import brussels, completed_job, interpreter_tariff, requester_tariff
from tests.factories import InterpreterFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db
AFTER_Q1 = brussels(2026, 4, 2, 9)


@pytest.fixture
def jobs(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    organisation, interpreter = OrganisationFactory(), InterpreterFactory()
    return (
        organisation,
        interpreter,
        {
            status: completed_job(
                starts_at=brussels(2026, 2, day, 10),
                actual=60,
                organisation=organisation,
                interpreter=interpreter,
                timesheet_status=status,
            )
            for day, status in zip((2, 3, 4, 5), TimesheetStatus.values, strict=True)
        },
    )


def test_a_quarterly_statement_takes_approved_and_auto_approved_jobs_only(jobs):
    organisation, _, by_status = jobs

    statement = statement_create(organisation=organisation, year=2026, quarter=1, now=AFTER_Q1)

    billed = set(statement.lines.values_list("booking_id", flat=True))
    assert billed == {by_status[TimesheetStatus.APPROVED].pk, by_status[TimesheetStatus.AUTO_APPROVED].pk}


def test_a_payout_statement_leaves_pending_and_disputed_jobs_out(jobs):
    _, interpreter, by_status = jobs

    payout = payout_statement_create(interpreter=interpreter, year=2026, month=2, now=brussels(2026, 3, 1, 9))

    billed = set(payout.lines.values_list("booking_id", flat=True))
    assert by_status[TimesheetStatus.PENDING].pk not in billed
    assert by_status[TimesheetStatus.DISPUTED].pk not in billed
    assert len(billed) == 2


def test_a_settled_dispute_lands_on_the_next_statement(jobs):
    organisation, _, by_status = jobs
    statement_create(organisation=organisation, year=2026, quarter=1, now=AFTER_Q1)

    timesheet_dispute_resolve(booking=by_status[TimesheetStatus.DISPUTED], by=StaffFactory(), resolution="Klopt")
    second = statement_create(organisation=organisation, year=2026, quarter=2, now=brussels(2026, 7, 1, 9))

    assert set(second.lines.values_list("booking_id", flat=True)) == {by_status[TimesheetStatus.DISPUTED].pk}


def test_an_organisation_with_only_unsigned_jobs_gets_no_statement(clean_tariffs):
    requester_tariff()
    interpreter_tariff()
    organisation = OrganisationFactory()
    completed_job(
        starts_at=brussels(2026, 2, 2, 10),
        actual=60,
        organisation=organisation,
        timesheet_status=TimesheetStatus.PENDING,
    )

    with pytest.raises(StatementRefused):
        statement_create(organisation=organisation, year=2026, quarter=1, now=AFTER_Q1)
    assert [s for s in statements_build_due(now=AFTER_Q1) if s.organisation_id == organisation.pk] == []
