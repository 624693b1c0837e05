"""The reminder scan: beat runs it every minute, `send_reminders` runs it once.

Each kind is due inside a window (e.g. from 24 hours before the start until the start), not at an exact
minute, so a scan that did not run for a while still sends, once. Every reminder has a unique outbox key,
so a second scan, two workers, a retry or a restart never send it twice. The key holds what the reminder
is about (the interpreter, the start, the deadline): a re-assigned job reminds its new interpreter, a moved
job is reminded again for its new start, a cancelled job is no longer found.

All arithmetic is on UTC datetimes: "24 hours before" is 24 real hours, also across a DST change.
Two queries (the bookings in any window, the offers about to expire; select_related, only the fields that
decide what is due and for whom), one for the keys already queued, and three to queue all the messages
(`messages_queue_bulk`: keys queued meanwhile, the INSERT, the new ids), whatever the number of reminders. The
emails are rendered later, by the send task (see notifications/outbox.py), so a scan with a thousand reminders due
stays well under two seconds.
"""

import functools
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from bookings import policy
from bookings.links import absolute_url
from bookings.models import Booking, Document, DocumentPurpose, Kind, Message, Offer, OfferStatus, Status
from notifications.events import staff_booking_url
from notifications.keys import message_key, moment_stamp
from notifications.outbox import QueuedMail, messages_queue_bulk, utc
from notifications.recipients import staff_recipients
from notifications.relevance import is_confirmed_job

INTERPRETER_HOURS = 24  # interpreter and requester, before the start
TRANSLATION_DEADLINE_HOURS = 48  # translator, before the deadline
TIMESHEET_AFTER_HOURS = 24  # interpreter, after the end, when no timesheet was filed
LOOK_BACK = timedelta(days=30)  # overdue and missing-timesheet reminders for older jobs are not sent any more
OFFER_WARN_SHARE = 4  # warn when the last quarter of a round has begun ...
OFFER_WARN_MIN_ROUND = timedelta(hours=1)  # ... of a round of at least an hour (a 15-minute round gets none)

# What the scan reads of a booking and its people: enough to decide what is due, for whom, in which language
# and whether they want it. The email is rendered later, by the send task (notifications/outbox.py), from the row.
BOOKING_FIELDS = ("kind", "status", "starts_at", "ends_at", "deadline", "interpreter", "requested_by")
RECIPIENT_FIELDS = ("email", "profile__language", "profile__notifications_off")
BOOKING_RELATED = ("requested_by__profile", "interpreter__user__profile")


Reminder = QueuedMail  # a reminder is one email for the bulk outbox path


def _link(name: str, *args) -> dict:
    """The page the recipient acts on, as `booking_url` for the templates."""
    return {"booking_url": absolute_url(reverse(name, args=args))}


def _staff() -> list:
    return list(staff_recipients())


def candidates(now: datetime) -> list[Booking]:
    """One query: every booking that some reminder kind could be due for at `now` (the union of the windows
    below); each kind then picks its own from this list."""
    interpreting = Q(kind=Kind.INTERPRETING)
    confirmed = interpreting & Q(status=Status.CONFIRMED, interpreter__isnull=False)
    after_end = now - timedelta(hours=TIMESHEET_AFTER_HOURS)
    window = (
        (confirmed & Q(starts_at__gt=now, starts_at__lte=now + timedelta(hours=INTERPRETER_HOURS)))
        | (confirmed & Q(ends_at__lte=after_end, ends_at__gt=after_end - LOOK_BACK))
        | (
            interpreting
            & Q(status__in=Status.open_values())
            & Q(starts_at__gt=now, starts_at__lte=now + timedelta(hours=settings.TOLK_AT_RISK_HOURS))
        )
        | (
            Q(kind=Kind.TRANSLATION, status__in=[*Status.open_values(), Status.CONFIRMED])
            & Q(deadline__gt=now - LOOK_BACK, deadline__lte=now + timedelta(hours=TRANSLATION_DEADLINE_HOURS))
        )
    )
    delivered = Document.objects.filter(booking=OuterRef("pk"), purpose=DocumentPurpose.TRANSLATION)
    people = [f"requested_by__{name}" for name in RECIPIENT_FIELDS]
    people += [f"interpreter__user__{name}" for name in RECIPIENT_FIELDS]
    bookings = Booking.objects.filter(window).annotate(delivered=Exists(delivered)).select_related(*BOOKING_RELATED)
    return list(bookings.only(*BOOKING_FIELDS, *people))


def _undelivered(b: Booking) -> bool:
    return b.kind == Kind.TRANSLATION and not b.delivered and b.deadline is not None


def interpreter_reminders(bookings, now: datetime, staff) -> list[Reminder]:
    link = _link("interpreter_agenda")
    return [
        Reminder(
            "reminder_interpreter",
            message_key("reminder_interpreter", b.pk, b.interpreter.user_id, moment_stamp(b.starts_at)),
            b,
            b.interpreter.user,
            link,
            ics=True,
        )
        for b in bookings
        if is_confirmed_job(b) and now < b.starts_at <= now + timedelta(hours=INTERPRETER_HOURS)
    ]


def requester_reminders(bookings, now: datetime, staff) -> list[Reminder]:
    return [
        Reminder(
            "reminder_requester",
            message_key("reminder_requester", b.pk, b.requested_by_id, moment_stamp(b.starts_at)),
            b,
            b.requested_by,
            {"interpreter": b.interpreter},
        )
        for b in bookings
        if is_confirmed_job(b)
        and b.requested_by_id is not None
        and now < b.starts_at <= now + timedelta(hours=INTERPRETER_HOURS)
    ]


def at_risk_reminders(bookings, now: datetime, staff) -> list[Reminder]:
    return [
        Reminder(
            "at_risk",
            message_key("at_risk", b.pk, user.pk, moment_stamp(b.starts_at)),
            b,
            user,
            {"hours": settings.TOLK_AT_RISK_HOURS, "booking_url": staff_booking_url(b)},
        )
        for b in bookings
        if b.kind == Kind.INTERPRETING
        and b.status in Status.open_values()
        and policy.at_risk_from(b.starts_at) <= now < b.starts_at
        for user in staff()
    ]


def translation_deadline_reminders(bookings, now: datetime, staff) -> list[Reminder]:
    return [
        Reminder(
            "translation_deadline",
            message_key("translation_deadline", b.pk, b.interpreter.user_id, moment_stamp(b.deadline)),
            b,
            b.interpreter.user,
            _link("interpreter_translation_deliver", b.pk),
        )
        for b in bookings
        if _undelivered(b)
        and b.status == Status.CONFIRMED
        and b.interpreter_id is not None
        and now < b.deadline <= now + timedelta(hours=TRANSLATION_DEADLINE_HOURS)
    ]


def translation_overdue_reminders(bookings, now: datetime, staff) -> list[Reminder]:
    return [
        Reminder(
            "translation_overdue",
            message_key("translation_overdue", b.pk, user.pk, moment_stamp(b.deadline)),
            b,
            user,
            {"booking_url": staff_booking_url(b)},
        )
        for b in bookings
        if _undelivered(b) and now - LOOK_BACK < b.deadline <= now
        for user in staff()
    ]


def timesheet_reminders(bookings, now: datetime, staff) -> list[Reminder]:
    after_end = now - timedelta(hours=TIMESHEET_AFTER_HOURS)
    return [
        Reminder(
            "timesheet_missing",
            message_key("timesheet_missing", b.pk, b.interpreter.user_id),
            b,
            b.interpreter.user,
            _link("interpreter_timesheet", b.pk),
        )
        for b in bookings
        if is_confirmed_job(b) and after_end - LOOK_BACK < b.ends_at <= after_end
    ]


def offer_expiring_reminders(now: datetime) -> list[Reminder]:
    """Its own query: offers, not bookings."""
    longest_round = timedelta(minutes=max(minutes for _, minutes in settings.TOLK_ROUND_EXPIRY))
    offers = Offer.objects.filter(
        status=OfferStatus.OPEN,
        booking__status__in=Status.open_values(),
        expires_at__gt=now,
        expires_at__lte=now + longest_round / OFFER_WARN_SHARE,
    ).select_related("booking", "interpreter__user__profile")
    reminders = []
    for offer in offers:
        length = offer.expires_at - offer.created_at
        if length >= OFFER_WARN_MIN_ROUND and offer.expires_at - now <= length / OFFER_WARN_SHARE:
            key = message_key("offer_expiring", offer.booking_id, offer.interpreter.user_id, offer.pk)
            context = {"offer": offer, **_link("interpreter_offers")}
            reminders.append(Reminder("offer_expiring", key, offer.booking, offer.interpreter.user, context))
    return reminders


BOOKING_KINDS = [
    interpreter_reminders,
    requester_reminders,
    at_risk_reminders,
    translation_deadline_reminders,
    translation_overdue_reminders,
    timesheet_reminders,
]


def reminders_due(now: datetime | None = None) -> list[Reminder]:
    """Every reminder due at `now` that was not queued before."""
    now = utc(now or timezone.now())
    bookings = candidates(now)
    staff = functools.cache(_staff)  # one query, and only when a staff reminder is due
    found = [reminder for finder in BOOKING_KINDS for reminder in finder(bookings, now, staff)]
    found += offer_expiring_reminders(now)
    queued = set(Message.objects.filter(key__in=[r.key for r in found]).values_list("key", flat=True))
    return [r for r in found if r.key not in queued]


def reminders_send(now: datetime | None = None) -> int:
    """Queue every due reminder (in bulk, rendered later by the send task: see notifications/outbox.py); returns
    how many messages were queued by this pass."""
    return len(messages_queue_bulk(reminders_due(now)))
