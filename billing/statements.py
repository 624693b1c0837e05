"""Quarterly statements for organisations and monthly payout statements for interpreters."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Party, PriceLine, Statement
from billing.money import ZERO, money
from billing.services import BRUSSELS, price_pending_jobs
from bookings.models import TimesheetStatus
from interpreters.models import Interpreter
from organisations.models import Organisation


class StatementRefused(ValidationError):
    pass


def vat_rate() -> Decimal:
    return Decimal(str(getattr(settings, "BILLING_VAT_RATE", "0")))


def payment_days() -> int:
    return int(getattr(settings, "BILLING_PAYMENT_DAYS", 30))


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise StatementRefused(_("Een kwartaal is 1, 2, 3 of 4."))
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, end - timedelta(days=1)


def previous_quarter(day: date) -> tuple[int, int]:
    quarter = (day.month - 1) // 3 + 1
    return (day.year - 1, 4) if quarter == 1 else (day.year, quarter - 1)


def previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def signed_off(lines):
    """Lines a statement may take: a job whose timesheet is still pending or disputed waits (late cancellations and
    translations have no timesheet)."""
    return lines.exclude(booking__timesheet__status__in=[TimesheetStatus.PENDING, TimesheetStatus.DISPUTED])


def _end_of(day: date) -> datetime:
    """The first instant after `day` in Belgium."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=BRUSSELS)


def _refuse_open_period(period_end: date, now: datetime) -> None:
    today = timezone.localtime(now, BRUSSELS).date()
    if today <= period_end:
        raise StatementRefused(
            _("De periode loopt nog tot en met %(end)s: een afrekening kan pas vanaf %(next)s.")
            % {"end": period_end.strftime("%d/%m/%Y"), "next": (period_end + timedelta(days=1)).strftime("%d/%m/%Y")}
        )


def _build(*, party, lines, number, period, now, by, vat: Decimal, **owner) -> Statement:
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                party=party,
                number=number,
                period_start=period[0],
                period_end=period[1],
                issued_at=now,
                due_on=timezone.localtime(now, BRUSSELS).date() + timedelta(days=payment_days()),
                net_amount=ZERO,
                vat_rate=vat,
                vat_amount=ZERO,
                total_amount=ZERO,
                created_by=by,
                **owner,
            )
            claimed = signed_off(lines.filter(statement__isnull=True)).update(statement=statement)
            if not claimed:
                raise StatementRefused(_("Er zijn geen aan te rekenen prestaties voor deze periode."))
            net = money(statement.lines.aggregate(total=Sum("amount"))["total"] or ZERO)
            statement.net_amount = net
            statement.vat_amount = money(net * vat / 100)
            statement.total_amount = statement.net_amount + statement.vat_amount
            statement.save(update_fields=["net_amount", "vat_amount", "total_amount"])
    except IntegrityError:
        raise StatementRefused(_("Er bestaat al een afrekening voor deze periode.")) from None
    return statement


def statement_create(
    *, organisation, year: int, quarter: int, now: datetime | None = None, by=None, price_first: bool = True
) -> Statement:
    """The quarterly statement of an organisation: every requester line of its jobs up to the end of the quarter
    that is not on an earlier statement (so a late correction lands on the next statement)."""
    now = now or timezone.now()
    period = quarter_bounds(year, quarter)
    _refuse_open_period(period[1], now)
    if Statement.objects.filter(party=Party.REQUESTER, organisation=organisation, period_start=period[0]).exists():
        raise StatementRefused(_("Er bestaat al een afrekening voor deze periode."))
    if price_first:
        price_pending_jobs(now=now)
    lines = PriceLine.objects.filter(
        party=Party.REQUESTER, booking__organisation=organisation, booking__starts_at__lt=_end_of(period[1])
    )
    number = f"AF-{year}-Q{quarter}-{organisation.pk:06d}"
    return _build(
        party=Party.REQUESTER,
        lines=lines,
        number=number,
        period=period,
        now=now,
        by=by,
        vat=vat_rate(),
        organisation=organisation,
    )


def payout_statement_create(
    *, interpreter, year: int, month: int, now: datetime | None = None, by=None, price_first: bool = True
) -> Statement:
    """The monthly self-billing statement of an interpreter (no VAT: freelance interpreters here are exempt)."""
    now = now or timezone.now()
    period = month_bounds(year, month)
    _refuse_open_period(period[1], now)
    if Statement.objects.filter(party=Party.INTERPRETER, interpreter=interpreter, period_start=period[0]).exists():
        raise StatementRefused(_("Er bestaat al een afrekening voor deze periode."))
    if price_first:
        price_pending_jobs(now=now)
    lines = PriceLine.objects.filter(
        party=Party.INTERPRETER, booking__interpreter=interpreter, booking__starts_at__lt=_end_of(period[1])
    )
    number = f"UB-{year}-{month:02d}-{interpreter.pk:06d}"
    return _build(
        party=Party.INTERPRETER,
        lines=lines,
        number=number,
        period=period,
        now=now,
        by=by,
        vat=ZERO,
        interpreter=interpreter,
    )


def statements_build_due(*, now: datetime | None = None) -> list[Statement]:
    """After a quarter (a month) ends: the statements of every organisation (interpreter) with open lines.
    Safe to run every day: a period that already has its statement is skipped."""
    now = now or timezone.now()
    today = timezone.localtime(now, BRUSSELS).date()
    price_pending_jobs(now=now)
    built = []
    year, quarter = previous_quarter(today)
    end = _end_of(quarter_bounds(year, quarter)[1])
    open_lines = signed_off(PriceLine.objects.filter(statement__isnull=True, booking__starts_at__lt=end))
    org_ids = set(open_lines.filter(party=Party.REQUESTER).values_list("booking__organisation", flat=True))
    for organisation in Organisation.objects.filter(pk__in=org_ids):
        try:
            built.append(
                statement_create(organisation=organisation, year=year, quarter=quarter, now=now, price_first=False)
            )
        except StatementRefused:
            continue
    year, month = previous_month(today)
    end = _end_of(month_bounds(year, month)[1])
    open_lines = signed_off(PriceLine.objects.filter(statement__isnull=True, booking__starts_at__lt=end))
    ids = set(open_lines.filter(party=Party.INTERPRETER).values_list("booking__interpreter", flat=True))
    for interpreter in Interpreter.objects.filter(pk__in=ids):
        try:
            built.append(
                payout_statement_create(interpreter=interpreter, year=year, month=month, now=now, price_first=False)
            )
        except StatementRefused:
            continue
    return built
