"""Matching a booking to interpreters (filled in by the matching work)."""


def booking_match(*, booking_id: int) -> None:
    return None
