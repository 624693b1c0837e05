"""Money is a Decimal with two decimals, rounded half up, always explicitly."""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ceil_div(numerator: int, denominator: int) -> int:
    """How many started blocks of `denominator` fit in `numerator`."""
    return int((Decimal(numerator) / Decimal(denominator)).to_integral_value(rounding=ROUND_CEILING))
