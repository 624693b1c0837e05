"""Thin Celery tasks: take ids, re-fetch, call one service, safe to run twice."""

from celery import shared_task


@shared_task(name="bookings.match_booking")
def match_booking(booking_id: int) -> None:
    from bookings.matching import booking_match

    booking_match(booking_id=booking_id)
