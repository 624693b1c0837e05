"""The pages the browser tests (tests/e2e) visit, per role, on data of our own: the outside validators
(tests/validators) check each of them in Dutch, French and English."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from billing.models import BillingProfile
from billing.services import price_pending_jobs
from billing.statements import statement_create
from bookings.models import Status
from demo.history import FIGURES_CSV
from reporting.figure_import import import_service_figures
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OfferFactory,
    OrganisationFactory,
    StaffFactory,
    TranslationFactory,
    requester,
)

LANGUAGES = ["nl", "fr", "en"]
REPORT_YEAR = 2017  # the published service figures (shared data) and a few bookings of our own


@dataclass
class Role:
    name: str
    user: object | None
    urls: list[str] = field(default_factory=list)


def annual_report_data() -> None:
    """The 2017 service figures (every card of the printed report) and completed bookings (its charts)."""
    with FIGURES_CSV.open(newline="", encoding="utf-8") as lines:
        assert not import_service_figures(lines).errors
    organisation = OrganisationFactory(name="OCMW Gent")
    for month, sector in ((2, "welzijn"), (5, "gezondheid"), (5, "onderwijs"), (11, "werk")):
        BookingFactory(
            organisation=organisation,
            status=Status.COMPLETED,
            sector=sector,
            starts_at=timezone.make_aware(datetime(REPORT_YEAR, month, 14, 10)),
        )


def portal_roles() -> list[Role]:
    """Users of each role and the pages each of them sees in the journeys and the sweep of tests/e2e."""
    now = timezone.now().replace(second=0, microsecond=0)
    organisation = OrganisationFactory(name="Stad Hasselt")
    BillingProfile.objects.create(organisation=organisation, enterprise_number="0212345668")
    user = requester(organisation, username="aanvrager")
    interpreter = InterpreterFactory(languages={"ara": "certified"}, user__username="tolk")
    submitted = BookingFactory(organisation=organisation, requested_by=user)
    confirmed = BookingFactory(
        organisation=organisation,
        requested_by=user,
        status=Status.CONFIRMED,
        interpreter=interpreter,
        starts_at=now + timedelta(hours=20),
    )
    done = BookingFactory(
        organisation=organisation,
        requested_by=user,
        status=Status.COMPLETED,
        interpreter=interpreter,
        starts_at=now - timedelta(days=2),
    )
    to_file = BookingFactory(
        organisation=organisation, status=Status.CONFIRMED, interpreter=interpreter, starts_at=now - timedelta(hours=3)
    )
    translation = TranslationFactory(organisation=organisation, requested_by=user)
    OfferFactory(interpreter=interpreter, booking__organisation=organisation)
    unfilled = BookingFactory(status=Status.UNFILLED, starts_at=now + timedelta(days=1))
    BookingFactory(
        organisation=organisation,
        status=Status.COMPLETED,
        interpreter=interpreter,
        starts_at=timezone.make_aware(datetime(now.year - 1, 11, 5, 10)),
    )
    price_pending_jobs()
    statement = statement_create(organisation=organisation, year=now.year - 1, quarter=4, now=now)
    annual_report_data()
    staff = StaffFactory(username="planner")

    return [
        Role(
            "anonymous",
            None,
            [
                reverse("login"),
                reverse("password_reset"),
                reverse("password_reset_done"),
                reverse("password_reset_confirm", args=["MQ", "set-password"]),
                reverse("password_reset_complete"),
            ],
        ),
        Role(
            "requester",
            user,
            [
                reverse("dashboard"),
                reverse("requester_booking_new"),
                reverse("requester_translation_new"),
                reverse("requester_booking_list"),
                reverse("requester_booking_detail", args=[submitted.pk]),
                reverse("requester_booking_detail", args=[confirmed.pk]),
                reverse("requester_booking_detail", args=[translation.pk]),
                reverse("requester_booking_cancel", args=[confirmed.pk]),
                reverse("feedback_give", args=[done.pk]),
                reverse("billing:job_costs"),
                reverse("billing:statement_list"),
                reverse("billing:statement_detail", args=[statement.pk]),
                reverse("accounts:notifications"),
                reverse("requester_immediate_new"),
                reverse("requester_timesheets"),
                reverse("webhooks:endpoints"),
                reverse("password_change"),
                reverse("password_change_done"),
            ],
        ),
        Role(
            "interpreter",
            interpreter.user,
            [
                reverse("dashboard"),
                reverse("interpreter_offers"),
                reverse("interpreter_agenda"),
                reverse("interpreter_timesheet", args=[to_file.pk]),
                reverse("interpreter_translations"),
                reverse("interpreter_availability"),
                reverse("interpreter_job", args=[confirmed.pk]),
                reverse("interpreters:profile"),
                reverse("billing:statement_list"),
            ],
        ),
        Role(
            "staff",
            staff,
            [
                reverse("staff_queue"),
                reverse("staff_dispatch"),
                reverse("staff_presence"),
                reverse("staff_timesheet_disputes"),
                reverse("staff_waiting_messages"),
                reverse("staff_booking_list"),
                reverse("staff_booking_desk", args=[unfilled.pk]),
                reverse("complaint_list"),
                reverse("reporting:annual", args=[REPORT_YEAR]),
                reverse("reporting:statistics"),
                reverse("reporting:statistics") + f"?start={REPORT_YEAR}-01-01&end={REPORT_YEAR}-12-31",
                reverse("billing:tariff_list"),
                reverse("billing:tariff_new", args=["requester"]),
                reverse("billing:statement_list"),
                reverse("billing:statement_detail", args=[statement.pk]),
                reverse("billing:unpriced_list"),
                reverse("staff_failed_messages"),
                reverse("staff_booking_messages", args=[confirmed.pk]),
                reverse("staff_user_invite"),
            ],
        ),
    ]
