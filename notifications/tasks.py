"""Celery tasks of the outbox and the reminder scan: thin, take ids only, safe to run twice.

The task names keep the `bookings.` prefix they had before the outbox had an app of its own: beat's schedule
and tasks already queued call them by name.
"""

from celery import shared_task

from bookings.periodic import once_per_period
from config.celery_app import ReconnectingTask
from notifications.outbox import outbox_flush
from notifications.reminders import reminders_send
from notifications.sending import message_send, outbox_drain

# Mail waits behind matching: on Redis a task with a higher number is taken only when no task with a lower
# one is waiting (kombu's priority steps 0, 3, 6, 9; tasks without a priority count as 0). In a burst of
# requests the offers are made first (an interpreter sees them in the portal at once) and their mails follow
# seconds later, instead of every match waiting behind the mails of the matches before it.
SEND_PRIORITY = 6


class MailTask(ReconnectingTask):
    """Published with SEND_PRIORITY unless the caller gives one (the `priority` task attribute is deprecated,
    and a route without a queue would not follow a changed default queue)."""

    def apply_async(self, args=None, kwargs=None, **options):
        options.setdefault("priority", SEND_PRIORITY)
        return super().apply_async(args, kwargs, **options)


@shared_task(name="bookings.send_message", base=MailTask)
def send_message(message_id: int) -> None:
    """Send one outbox message; the claim inside makes a second delivery of this task a no-op."""
    message_send(message_id=message_id)


@shared_task(name="notifications.drain_outbox", base=MailTask)
def drain_outbox() -> None:
    """Send the mail that waited for the server, oldest due first; a second drain beside it stops at once."""
    outbox_drain()


@shared_task(name="bookings.flush_outbox")
@once_per_period("bookings.flush_outbox")
def flush_outbox() -> None:
    """Beat, every minute (once, however many beats): re-enqueue due, failed-and-due and abandoned messages."""
    outbox_flush()


@shared_task(name="bookings.send_reminders")
@once_per_period("bookings.send_reminders")
def send_reminders() -> None:
    """Beat, every minute (once, however many beats): one pass of the reminder scan."""
    reminders_send()
