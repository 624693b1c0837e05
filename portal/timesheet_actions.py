"""Filing and disputing a timesheet, announced: the requester is asked to look at a filed timesheet, staff are
told of a dispute, each mail through the outbox in the transaction of the change. The portal's pages and the
API call these; the rules themselves are in bookings/timesheets.py and bookings/timesheet_approval.py."""

from django.db import transaction

from bookings.timesheet_approval import timesheet_dispute
from bookings.timesheets import timesheet_file
from notifications import events


def timesheet_file_announced(**kwargs):
    with transaction.atomic():
        timesheet = timesheet_file(**kwargs)
        events.notify_timesheet_waiting(timesheet)
    return timesheet


def timesheet_dispute_announced(**kwargs):
    with transaction.atomic():
        timesheet = timesheet_dispute(**kwargs)
        events.notify_timesheet_disputed(timesheet)
    return timesheet
