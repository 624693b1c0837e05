"""Billing services: tariff periods, pricing finished jobs, corrections and cost estimates."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import pricing
from billing.models import InterpreterTariff, Party, PriceLine, RequesterTariff, UnpricedJob
from billing.money import ZERO, money
from bookings.models import Booking, Kind, Status
from bookings.notes import Note, note_fields
from interpreters.models import Mode

logger = logging.getLogger(__name__)
BRUSSELS = ZoneInfo("Europe/Brussels")
CHUNK = 500


def job_day(starts_at: datetime) -> date:
    """Tariffs are chosen by the job's date in Belgium."""
    return timezone.localtime(starts_at, BRUSSELS).date()


# --- Tariff periods ---------------------------------------------------------------------------------------------


def tariff_check_overlap(*, tariff) -> None:
    """Raises ValidationError when another period of the same kind and mode shares a day with this one."""
    mode = tariff.mode if tariff.kind == Kind.INTERPRETING else ""
    clash = (
        type(tariff)
        .objects.overlapping(kind=tariff.kind, mode=mode, valid_from=tariff.valid_from, valid_until=tariff.valid_until)
        .exclude(pk=tariff.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _("Deze periode overlapt met een bestaand tarief (%(other)s). Sluit dat eerst af.")
                % {"other": clash}
            }
        )


def tariff_save(*, tariff):
    """Saves a tariff period after the overlap check; PostgreSQL's exclusion constraint backs it up."""
    if tariff.kind == Kind.TRANSLATION:
        tariff.mode = ""
    tariff_check_overlap(tariff=tariff)
    tariff.save()
    return tariff


class TariffBook:
    """All tariff periods in memory (a few dozen rows), looked up by kind, mode and day."""

    def __init__(self):
        self.requester = list(RequesterTariff.objects.all())
        self.interpreter = list(InterpreterTariff.objects.all())

    @staticmethod
    def _find(rows, kind: str, mode: str, day: date):
        for row in rows:
            if (
                row.kind == kind
                and row.mode == mode
                and row.valid_from <= day
                and (row.valid_until is None or row.valid_until >= day)
            ):
                return row
        return None

    def for_requester(self, kind: str, mode: str, day: date):
        return self._find(self.requester, kind, mode if kind == Kind.INTERPRETING else "", day)

    def for_interpreter(self, kind: str, mode: str, day: date):
        return self._find(self.interpreter, kind, mode if kind == Kind.INTERPRETING else "", day)


# --- Pricing finished jobs --------------------------------------------------------------------------------------


def billable_bookings():
    """Completed jobs and late cancellations."""
    return Booking.objects.filter(Q(status=Status.COMPLETED) | Q(status=Status.CANCELLED, late_cancellation=True))


def pending_bookings():
    """Billable bookings without any price line yet."""
    return billable_bookings().filter(~Exists(PriceLine.objects.filter(booking=OuterRef("pk"))))


def job_facts(booking: Booking) -> pricing.JobFacts:
    timesheet = getattr(booking, "timesheet", None)
    return pricing.JobFacts(
        kind=booking.kind,
        booked_minutes=booking.duration_minutes or 0,
        actual_minutes=timesheet.actual_minutes if timesheet else None,
        travel_km=timesheet.travel_km if timesheet else 0,
        waiting_minutes=timesheet.waiting_minutes if timesheet else 0,
        parking_cost=timesheet.parking_cost if timesheet else ZERO,
        on_site=booking.mode == Mode.ON_SITE,
        word_count=booking.word_count or 0,
        certified=booking.certified,
        late_cancellation=booking.status == Status.CANCELLED and booking.late_cancellation,
    )


@dataclass
class PricingResult:
    priced: int = 0
    flagged: list[tuple[int, str]] = field(default_factory=list)


def _price_one(booking: Booking, book: TariffBook, now: datetime) -> tuple[list[PriceLine], Note | None]:
    """The lines of one job, or a reason why it cannot be priced."""
    day = job_day(booking.starts_at)
    tariff = book.for_requester(booking.kind, booking.mode, day)
    if tariff is None:
        return [], Note("no_requester_tariff", {"day": day})
    facts = job_facts(booking)
    if booking.kind == Kind.TRANSLATION and not facts.word_count and not facts.late_cancellation:
        return [], Note("word_count_missing")
    lines = [
        PriceLine(party=Party.REQUESTER, booking=booking, requester_tariff=tariff, created_at=now, **vars(line))
        for line in pricing.requester_lines(facts, tariff)
    ]
    if booking.interpreter_id:
        fee = book.for_interpreter(booking.kind, booking.mode, day)
        if fee is None:
            return [], Note("no_interpreter_tariff", {"day": day})
        paid = pricing.interpreter_lines(facts, fee, minimum=tariff.minimum_minutes, increment=tariff.increment_minutes)
        lines += [
            PriceLine(party=Party.INTERPRETER, booking=booking, interpreter_tariff=fee, created_at=now, **vars(line))
            for line in paid
        ]
    return lines, ""


def price_pending_jobs(*, now: datetime | None = None) -> PricingResult:
    """Prices every completed job and late cancellation that has no lines yet, in chunks, with the tariff valid
    on the job's day. Jobs no tariff applies to are flagged for staff, never priced at zero."""
    now = now or timezone.now()
    book = TariffBook()
    result = PricingResult()
    last_pk = 0
    while True:
        with transaction.atomic():
            ids = list(
                pending_bookings()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not ids:
                break
            last_pk = ids[-1]
            bookings = Booking.objects.filter(pk__in=ids).select_related("timesheet")
            lines, priced, flagged = [], [], []
            for booking in bookings:
                booking_lines, reason = _price_one(booking, book, now)
                if reason:
                    flagged.append(UnpricedJob(booking=booking, flagged_at=now, **note_fields(reason, "reason")))
                else:
                    lines += booking_lines
                    priced.append(booking.pk)
            PriceLine.objects.bulk_create(lines)
            UnpricedJob.objects.filter(booking_id__in=priced).delete()
            UnpricedJob.objects.bulk_create(
                flagged,
                update_conflicts=True,
                unique_fields=["booking"],
                update_fields=["reason", "reason_code", "reason_params"],
            )
            result.priced += len(priced)
            result.flagged += [(row.booking_id, row.reason_text) for row in flagged]
    if result.flagged:
        logger.warning("billing: %d jobs without a tariff", len(result.flagged))
    return result


def price_line_correct(*, booking: Booking, party: str, amount: Decimal, reason: str, by=None, now=None) -> PriceLine:
    """A correction never changes a line: it is a new line (positive or negative) with its reason."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Geef de reden van de correctie.")
    amount = money(amount)
    if amount == ZERO:
        errors["amount"] = _("Een correctie van 0,00 verandert niets.")
    if party == Party.INTERPRETER and not booking.interpreter_id:
        errors["party"] = _("Deze opdracht heeft geen tolk.")
    if errors:
        raise ValidationError(errors)
    return PriceLine.objects.create(
        party=party,
        booking=booking,
        description=_("Correctie"),
        quantity=Decimal(1 if amount > 0 else -1),
        unit_price=abs(amount),
        amount=amount,
        correction_reason=reason,
        created_by=by,
        created_at=now or timezone.now(),
    )


# --- Estimates --------------------------------------------------------------------------------------------------


@dataclass
class Estimate:
    lines: list[pricing.Line]
    total: Decimal
    tariff: RequesterTariff
    excludes_travel: bool


def estimate_booking_cost(request_or_booking, *, now: datetime | None = None) -> Estimate | None:
    """The expected cost for the requester of a BookingRequest or a Booking, or None when no tariff applies."""
    obj = request_or_booking
    when = obj.starts_at or getattr(obj, "deadline", None) or now or timezone.now()
    tariff = TariffBook().for_requester(obj.kind, obj.mode or "", job_day(when))
    if tariff is None:
        return None
    facts = pricing.JobFacts(
        kind=obj.kind,
        booked_minutes=obj.duration_minutes or 0,
        on_site=False,
        word_count=obj.word_count or 0,
        certified=bool(obj.certified),
    )
    lines = pricing.requester_lines(facts, tariff)
    excludes_travel = obj.kind == Kind.INTERPRETING and obj.mode == Mode.ON_SITE and tariff.km_rate > 0
    return Estimate(lines=lines, total=pricing.total(lines), tariff=tariff, excludes_travel=excludes_travel)


@dataclass
class FeeEstimate:
    lines: list[pricing.Line]
    total: Decimal
    adds_travel: bool


def estimate_interpreter_fee(booking: Booking) -> FeeEstimate | None:
    """What the interpreter can expect to be paid for the booked duration (the requester tariff's minimum and
    increment, as for the real pay), or None when no tariff applies. The km allowance comes on top."""
    book = TariffBook()
    day = job_day(booking.deadline if booking.kind == Kind.TRANSLATION and booking.deadline else booking.starts_at)
    fee = book.for_interpreter(booking.kind, booking.mode or "", day)
    tariff = book.for_requester(booking.kind, booking.mode or "", day)
    if fee is None or tariff is None:
        return None
    facts = pricing.JobFacts(
        kind=booking.kind, booked_minutes=booking.duration_minutes or 0, word_count=booking.word_count or 0
    )
    lines = pricing.interpreter_lines(facts, fee, minimum=tariff.minimum_minutes, increment=tariff.increment_minutes)
    adds_travel = booking.kind == Kind.INTERPRETING and booking.mode == Mode.ON_SITE and fee.km_allowance > 0
    return FeeEstimate(lines=lines, total=pricing.total(lines), adds_travel=adds_travel)
