"""Stepping the clock minute by minute through both DST changes: each reminder exactly once, on time.

Ticks are passed as Europe/Brussels datetimes, the way beat and `send_reminders --now` see the time; the scan
must still count 24 real hours.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from bookings.models import Message, Status
from notifications.reminders import reminders_send
from tests.factories import (
    BookingFactory,
    InterpreterFactory,
    OfferFactory,
    OrganisationFactory,
    StaffFactory,
    TranslationFactory,
    requester,
)

pytestmark = pytest.mark.django_db
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)

# the moments the clocks change in Belgium in 2026, in UTC
DST_CHANGES = {
    "spring": datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 02:00 CET → 03:00 CEST
    "autumn": datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # 03:00 CEST → 02:00 CET
}


def job(starts_at, status=Status.CONFIRMED, **fields):
    starts_at = starts_at.astimezone(UTC)  # + 1 hour must be a real hour
    organisation = OrganisationFactory()
    defaults = {"interpreter": InterpreterFactory()} if status == Status.CONFIRMED else {}
    return BookingFactory(
        status=status,
        organisation=organisation,
        requested_by=requester(organisation),
        starts_at=starts_at,
        ends_at=starts_at + H,
        **defaults,
        **fields,
    )


@pytest.mark.parametrize("season", DST_CHANGES)
def test_every_reminder_is_sent_once_and_within_a_minute_of_being_due(season):
    change = DST_CHANGES[season]
    StaffFactory(email="planner@example.be")
    # 02:30 on the day itself (in spring that wall time does not exist; Python reads it as 03:30 CEST)
    night = timezone.make_aware(datetime(change.year, change.month, change.day, 2, 30)).astimezone(UTC)
    noon = timezone.make_aware(datetime(change.year, change.month, change.day, 12, 0)).astimezone(UTC)
    at_night, at_noon = job(night), job(noon)
    finished = job(change - 26 * H)  # ends 25 hours before the change: timesheet reminder 1 hour before it
    open_booking = job(change + 40 * H, status=Status.OFFERED)
    offered = job(change + 30 * H, status=Status.OFFERED)
    offer = OfferFactory(booking=offered, expires_at=change + 2 * H)
    offer.created_at = change - 2 * H
    offer.save()
    translation = TranslationFactory(
        status=Status.CONFIRMED, interpreter=InterpreterFactory(), deadline=change + 23 * H, starts_at=change
    )
    due = {
        ("reminder_interpreter", at_night.pk): night - 24 * H,
        ("reminder_requester", at_night.pk): night - 24 * H,
        ("reminder_interpreter", at_noon.pk): noon - 24 * H,
        ("reminder_requester", at_noon.pk): noon - 24 * H,
        ("timesheet_missing", finished.pk): finished.ends_at + 24 * H,
        ("at_risk", open_booking.pk): open_booking.starts_at - 48 * H,
        ("at_risk", offered.pk): offered.starts_at - 48 * H,
        ("offer_expiring", offer.booking_id): offer.expires_at - H,
        ("translation_deadline", translation.pk): translation.deadline - 48 * H,
        ("translation_overdue", translation.pk): translation.deadline,
    }
    start, end = change - 25 * H, change + 23 * H  # 48 hours
    assert all(start <= moment <= end for moment in due.values())

    queued_at = {}
    tick = start
    while tick <= end:
        if queued := reminders_send(timezone.localtime(tick)):
            for message in Message.objects.order_by("-pk")[:queued]:
                key = (message.kind, message.booking_id)
                assert key not in queued_at, f"{key} queued twice"
                queued_at[key] = tick
        tick += MINUTE

    assert set(queued_at) == set(due), (queued_at, due)
    for key, moment in due.items():
        assert moment <= queued_at[key] < moment + MINUTE, key
    assert Message.objects.count() == len(due)
