"""The price rules, as pure functions of a job's facts and a tariff (no database access)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from billing.money import ZERO, ceil_div, money


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    unit_code: str = "C62"


@dataclass(frozen=True)
class JobFacts:
    """What pricing needs to know about a job."""

    kind: str
    booked_minutes: int = 0
    actual_minutes: int | None = None
    travel_km: int = 0
    waiting_minutes: int = 0  # waited on the spot beyond the actual times: counted as time worked
    parking_cost: Decimal = Decimal(0)  # passed on at cost, on site only
    on_site: bool = False
    word_count: int = 0
    certified: bool = False
    late_cancellation: bool = False


def billed_minutes(*, booked: int, actual: int | None, minimum: int, increment: int, waiting: int = 0) -> int:
    """The longer of booked and actual (with the waiting time), rounded up to the increment, at least the minimum."""
    worked = max(booked or 0, (actual or 0) + (waiting or 0))
    return max(ceil_div(worked, increment) * increment, minimum)


def _line(description: str, quantity, unit_price, unit_code: str = "C62") -> Line:
    quantity, unit_price = Decimal(quantity), Decimal(unit_price)
    return Line(description, quantity, unit_price, money(quantity * unit_price), unit_code)


def _hourly(label: str, minutes: int, rate: Decimal) -> Line:
    """Quantity in hours (four decimals); the amount from the exact minutes, so no rounding drifts in."""
    hours = (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.0001"))
    return Line(label, hours, Decimal(rate), money(Decimal(rate) * minutes / 60), "HUR")


def _travel(km: int, *, rate: Decimal, max_km: int, label: str) -> list[Line]:
    billed_km = min(km, max_km)
    if billed_km <= 0 or rate <= 0:
        return []
    return [_line(label, billed_km, rate, "KMT")]


def _parking(job: JobFacts) -> list[Line]:
    if not job.on_site or not job.parking_cost or job.parking_cost <= 0:
        return []
    return [_line(_("Parkeerkosten"), 1, job.parking_cost)]


def requester_lines(job: JobFacts, tariff) -> list[Line]:
    if job.late_cancellation:
        return [_line(_("Late annulering"), 1, tariff.late_cancellation_charge)]
    if job.kind == "translation":
        return _translation_lines(job, tariff)
    minutes = billed_minutes(
        booked=job.booked_minutes,
        actual=job.actual_minutes,
        minimum=tariff.minimum_minutes,
        increment=tariff.increment_minutes,
        waiting=job.waiting_minutes,
    )
    lines = _interpreting_lines(minutes, tariff)
    if job.on_site:
        lines += _travel(job.travel_km, rate=tariff.km_rate, max_km=tariff.max_km, label=_("Reiskosten"))
    return lines + _parking(job)


def _interpreting_lines(minutes: int, tariff) -> list[Line]:
    if tariff.first_block_minutes <= 0:
        label = _("Tolkprestatie (%(minutes)d min)") % {"minutes": minutes}
        return [_hourly(label, minutes, tariff.hourly_rate)]
    lines = [
        _line(
            _("Tolkprestatie, eerste %(minutes)d min") % {"minutes": tariff.first_block_minutes},
            1,
            tariff.first_block_price,
        )
    ]
    extra = max(minutes - tariff.first_block_minutes, 0)
    if extra:
        blocks = ceil_div(extra, tariff.increment_minutes)
        label = _("Tolkprestatie, per begonnen %(increment)d min daarna") % {"increment": tariff.increment_minutes}
        lines.append(_line(label, blocks, tariff.increment_price))
    return lines


def _translation_lines(job: JobFacts, tariff) -> list[Line]:
    words = job.word_count or 0
    by_word = money(Decimal(words) * tariff.word_rate)
    if by_word < tariff.translation_minimum:
        label = _("Vertaling, minimumprijs (%(words)d woorden)") % {"words": words}
        lines = [_line(label, 1, tariff.translation_minimum)]
    else:
        lines = [_line(_("Vertaling per woord"), words, tariff.word_rate)]
    if job.certified and tariff.sworn_supplement > 0:
        lines.append(_line(_("Toeslag beëdigde vertaling"), 1, tariff.sworn_supplement))
    return lines


def interpreter_lines(job: JobFacts, tariff, *, minimum: int, increment: int) -> list[Line]:
    """The interpreter is paid for the same billed duration the requester pays for."""
    if job.late_cancellation:
        return [_line(_("Vergoeding late annulering"), 1, tariff.late_cancellation_fee)]
    if job.kind == "translation":
        return [_line(_("Vertaling per woord"), job.word_count or 0, tariff.word_fee)]
    minutes = billed_minutes(
        booked=job.booked_minutes,
        actual=job.actual_minutes,
        minimum=minimum,
        increment=increment,
        waiting=job.waiting_minutes,
    )
    label = _("Tolkprestatie (%(minutes)d min)") % {"minutes": minutes}
    lines = [_hourly(label, minutes, tariff.hourly_fee)]
    if job.on_site:
        lines += _travel(job.travel_km, rate=tariff.km_allowance, max_km=tariff.max_km, label=_("Kilometervergoeding"))
    return lines + _parking(job)


def total(lines) -> Decimal:
    return sum((line.amount for line in lines), ZERO)
