"""Which dates of a series one offer stands for (matching/series.py): read by round_start and the offer mails."""

from django.db.models import Q

from bookings.models import Booking, Status

WAITING = [Status.SUBMITTED, Status.OFFERED]


def offered_as_block(booking: Booking) -> bool:
    return booking.series_id is not None and booking.series.split_at is None


def waits_for_earlier_date(booking: Booking) -> bool:
    """A later date of an unsplit series is not matched while an earlier date is still being offered: the
    earlier date's offer is the offer of the whole block."""
    if not offered_as_block(booking):
        return False
    earlier = Booking.objects.filter(series_id=booking.series_id, status__in=WAITING, starts_at__lt=booking.starts_at)
    return earlier.exists()


def block_dates(booking: Booking) -> list[Booking]:
    """The other dates this booking's offer stands for: the later waiting dates of its unsplit series."""
    if not offered_as_block(booking):
        return []
    later = Booking.objects.filter(
        Q(status__in=[*WAITING, Status.UNFILLED]), series_id=booking.series_id, starts_at__gt=booking.starts_at
    )
    return list(later.select_related("municipality", "language").order_by("starts_at"))
