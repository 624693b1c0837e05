"""The outbox: every email is a Message row first, sent by a Celery task after the caller's commit.

Why nothing is sent twice: each message has a unique key (`kind:booking:recipient[:extra]`); queueing
the same key again creates nothing, also when two transactions queue it at once (the database makes the second
insert wait for the first and then skip it). Sending claims the row with a compare-and-set (pending/failed →
sending) and only the worker whose update changed one row talks to SMTP, so a message enqueued twice is still
sent once.

Why nothing is lost: the row is written in the same transaction as the change it announces, so it exists
exactly when that change was committed (a reminder announces no change: every scan finds it again until its
row exists). The task enqueued on commit is only a shortcut: `flush_outbox`
(beat, every minute) re-enqueues every message that is due, including one written while the broker was down.
Sending, and the order in which mail that waited for the server goes out, is notifications/sending.py.

Why a message stuck in `sending` is retried: a worker that died mid-send (killed, out of memory, machine
lost) leaves its claim behind. After SENDING_TIMEOUT the claim counts as abandoned and the message can be
claimed again. This makes delivery at-least-once at the SMTP boundary, honestly: if a worker dies after the
SMTP server accepted the mail and before it marked the row `sent`, the recipient gets that mail twice. That
window is milliseconds wide; the alternative (never retrying a stuck claim) would lose mail instead.

Two ways in, one outbox. `message_queue` (event notifications, one at a time) renders the email while queueing and
stores subject, bodies and attachments on the row. `messages_queue_bulk` (the reminder scan, a thousand at once,
and the offers of a round) looks up which keys exist, inserts the others in one bulk INSERT and does not render:
such a row holds the kind, booking, recipient, address and language as they were when it was queued, a small JSON
`context` (plain values; model instances stored as label and id) and `rendered` false. The worker holding the
first claim renders it, after the `still_needed` check (notifications/relevance.py; a reminder no longer needed is
never rendered), from the booking as it is at that moment, and stores subject, bodies and attachments (the .ics)
on the row with a compare-and-set on `rendered`: when an abandoned claim was taken over and both workers rendered,
the first stored rendering wins and is the one sent. From then on every retry sends those same bytes, as for a
message rendered when queued. A rendering error (e.g. a referenced row was deleted) counts as a failed attempt:
retried with backoff, then listed for staff, not lost. Until it is rendered a message has an empty subject (the
staff message log shows a dash).
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from bookings.calendar import booking_ics
from bookings.enqueue import enqueue, enqueue_all_on_commit, enqueue_on_commit
from bookings.links import absolute_url, booking_url
from bookings.models import Message, MessageStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # then the message stays failed and shows up in the staff list of failed messages
SENDING_TIMEOUT = timedelta(minutes=5)  # longer than EMAIL_TIMEOUT: a claim this old was abandoned
MARK_SENT_TRIES = 8  # a mail accepted by SMTP is marked sent even across a database restart (~1 min of tries)
FLUSH_BATCH = 500
UNSENT = [MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.FAILED]
INSERT_BATCH = 500  # keys per look-up and INSERT of messages_queue_bulk (SQLite takes 999 parameters a statement)


def language_of(user) -> str:
    try:
        return user.profile.language or settings.LANGUAGE_CODE
    except Exception:  # no Profile row yet: the default language
        return settings.LANGUAGE_CODE


def _wants(user, kind: str) -> bool:
    try:
        profile = user.profile
    except Exception:
        return True
    return profile.wants(kind)


def drain_task():
    """The task that sends the mail waiting for the server, in order (notifications/sending.py)."""
    from notifications.tasks import drain_outbox

    return drain_outbox


def _send_task():
    """The task that sends one message. Imported when needed: notifications/tasks.py imports this module (the
    task ↔ service pair, the one import inside a function that the layers allow)."""
    from notifications.tasks import send_message

    return send_message


def message_render(*, kind: str, language: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of templates/emails/<kind>/ in `language`."""
    context = {
        "site_url": absolute_url(""),
        "preferences_url": absolute_url(reverse("accounts:notifications")),
        **context,
    }
    if context.get("booking") is not None:
        context.setdefault("booking_url", booking_url(context["booking"]))
    context.setdefault("offers_url", absolute_url(reverse("interpreter_offers")))
    with translation.override(language):
        subject = render_to_string(f"emails/{kind}/subject.txt", context)
        body_text = render_to_string(f"emails/{kind}/body.txt", context)
        body_html = render_to_string(f"emails/{kind}/body.html", context)
    body_text = re.sub(r"\n{3,}", "\n\n", body_text).strip() + "\n"
    return " ".join(subject.split())[:255], body_text, body_html


def message_queue(
    *,
    key: str,
    kind: str,
    booking=None,
    recipient=None,
    to_email: str = "",
    context: dict | None = None,
    attachments: list[dict] | None = None,
    ics: bool = False,
) -> Message | None:
    """Record one email and send it once the caller's transaction commits.

    Returns the new Message, or None when nothing was queued: the key exists already, the recipient has no
    email address, or switched this (optional) kind off. `attachments` are dicts with `filename`,
    `mimetype` and text `content` (an .ics), stored on the row so that a retry sends the same bytes; `ics`
    adds the booking as an .ics in the recipient's language.
    """
    if recipient is not None:
        to_email = recipient.email
        if not _wants(recipient, kind):
            return None
    if not to_email:
        return None
    if Message.objects.filter(key=key).exists():
        return None  # the cheap path: nothing to render
    language = language_of(recipient) if recipient is not None else settings.LANGUAGE_CODE
    context = {"booking": booking, "recipient": recipient, **(context or {})}
    subject, body_text, body_html = message_render(kind=kind, language=language, context=context)
    if ics:
        attachments = [*(attachments or []), ics_attachment(booking, language)]
    # get_or_create inserts in a savepoint; when another transaction inserted the same key first, PostgreSQL
    # makes this insert wait for it and then raise IntegrityError, and get_or_create returns that row.
    message, created = Message.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "booking": booking,
            "recipient": recipient,
            "to_email": to_email,
            "language": language,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "attachments": attachments or [],
        },
    )
    if not created:
        return None
    enqueue_on_commit(_send_task(), message.pk)
    return message


@dataclass(frozen=True)
class QueuedMail:
    """One email for messages_queue_bulk: the reminders of a scan, the offers of a round."""

    kind: str
    key: str
    booking: object
    recipient: object
    context: dict = field(default_factory=dict)
    ics: bool = False


def _reference(value):
    """A context value as JSON: a model instance becomes its label and id, anything else stays as it is
    (str, int, bool, None; anything else makes the INSERT fail loudly)."""
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    return value


def _dereference(value):
    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        return apps.get_model(value["model"])._default_manager.get(pk=value["pk"])
    return value


def ics_attachment(booking, language: str) -> dict:
    """The booking as an agenda item, in `language`."""
    with translation.override(language):
        content = booking_ics(booking).decode()
    return {"filename": f"{booking.reference}.ics", "mimetype": "text/calendar", "content": content}


def message_render_stored(message: Message) -> Message:
    """Render an unrendered message (see the module docstring) and store the result on its row, once: when
    another worker stored its rendering first, that one is returned, so every attempt sends the same bytes."""
    stored = message.context or {}
    context = {name: _dereference(value) for name, value in stored.get("vars", {}).items()}
    context = {"booking": message.booking, "recipient": message.recipient, **context}
    subject, body_text, body_html = message_render(kind=message.kind, language=message.language, context=context)
    attachments = [ics_attachment(message.booking, message.language)] if stored.get("ics") else []
    rendered = {"subject": subject, "body_text": body_text, "body_html": body_html, "attachments": attachments}
    if Message.objects.filter(pk=message.pk, rendered=False).update(rendered=True, **rendered):
        for name, value in rendered.items():
            setattr(message, name, value)
        message.rendered = True
        return message
    return Message.objects.select_related("booking").get(pk=message.pk)


def messages_queue_bulk(items) -> list[int]:
    """Record many emails unrendered, in a few statements, and send them once the caller's transaction commits.

    `items` have `key`, `kind`, `booking`, `recipient` (a user with its profile loaded, or no profile row),
    `context` (a dict of plain values and model instances) and `ics` (attach the booking as an .ics), as
    `QueuedMail` does. Items whose recipient has no address or switched the kind off are left out; so is every
    key that exists already. A key that a concurrent transaction inserts at the same moment is not inserted
    twice (the unique key: the second insert waits for the first and skips it), but both calls may enqueue its
    send: the claim in `message_send` makes sure only one of them sends it. Returns the ids of the messages
    that were new to this call, enqueued with one on-commit callback.
    """
    rows = {}
    for item in items:
        recipient = item.recipient
        if not recipient.email or not _wants(recipient, item.kind):
            continue
        rows[item.key] = (item, recipient)
    ids: list[int] = []
    now = timezone.now()
    # always the same order, so two scans inserting overlapping keys wait for each other instead of deadlocking
    keys = sorted(rows)
    for start in range(0, len(keys), INSERT_BATCH):
        batch = keys[start : start + INSERT_BATCH]
        existing = set(Message.objects.filter(key__in=batch).values_list("key", flat=True))
        new = [key for key in batch if key not in existing]
        if not new:
            continue
        Message.objects.bulk_create([_unrendered(key, *rows[key], now) for key in new], ignore_conflicts=True)
        ids += Message.objects.filter(key__in=new).values_list("pk", flat=True)
    if ids:
        enqueue_all_on_commit(_send_task(), ids)
    return ids


def _unrendered(key: str, item, recipient, now: datetime) -> Message:
    context = {"vars": {name: _reference(value) for name, value in item.context.items()}, "ics": bool(item.ics)}
    return Message(
        key=key,
        kind=item.kind,
        booking_id=item.booking.pk,
        recipient_id=recipient.pk,
        to_email=recipient.email,
        language=language_of(recipient),
        context=context,
        subject="",
        body_text="",
        rendered=False,
        created_at=now,
        next_attempt_at=now,
    )


def claimable(now: datetime):
    """Messages a worker may claim now: due ones, and ones whose claim was abandoned."""
    return Message.objects.filter(
        Q(status__in=[MessageStatus.PENDING, MessageStatus.FAILED], next_attempt_at__lte=now)
        | Q(status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT),
        attempts__lt=MAX_ATTEMPTS,
    )


def backoff(attempts: int) -> timedelta:
    """TOLK_MAIL_RETRY_SECONDS times 1, 2, 4, 8, 16 (a minute each by default) between attempts."""
    return timedelta(seconds=settings.TOLK_MAIL_RETRY_SECONDS) * 2 ** max(attempts - 1, 0)


def outbox_flush(*, now: datetime | None = None) -> list[int]:
    """Enqueue a send for every message that is due; give up on abandoned claims with no attempts left."""
    now = now or timezone.now()
    Message.objects.filter(
        status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT, attempts__gte=MAX_ATTEMPTS
    ).update(status=MessageStatus.FAILED, last_error="De verzending werd onderbroken en niet meer herhaald.")
    due = claimable(now).filter(waited_for_server=False).order_by("next_attempt_at", "id")
    ids = list(due.values_list("pk", flat=True)[:FLUSH_BATCH])
    send_message = _send_task()
    for message_id in ids:
        if not enqueue(send_message, message_id):
            return ids  # the broker is down: the next flush tries again
    if waiting_queue().exists():
        enqueue(drain_task())  # the mail that waited for the server goes out in order, from one drain at a time
    return ids


def waiting_queue():
    """Messages that wait for the mail server, oldest due first (notifications/sending.py)."""
    return Message.objects.filter(waited_for_server=True, status__in=UNSENT, attempts__lt=MAX_ATTEMPTS).order_by(
        "created_at", "id"
    )


def outbox_backlog() -> int:
    """Messages still to go out: waiting, being sent or failed with attempts left (those given up are not)."""
    return Message.objects.filter(status__in=UNSENT, attempts__lt=MAX_ATTEMPTS).count()


def waiting_messages():
    """The backlog as staff see it: still to go out, by when each is tried next (the waiting queue: by when due)."""
    queue_first = models.Case(models.When(waited_for_server=True, then=0), default=1)
    turn = models.Case(models.When(waited_for_server=True, then="created_at"), default="next_attempt_at")
    return Message.objects.filter(status__in=UNSENT, attempts__lt=MAX_ATTEMPTS).order_by(queue_first, turn, "id")


def failed_messages():
    """What staff must look at: messages that used up their attempts."""
    return Message.objects.filter(status=MessageStatus.FAILED, attempts__gte=MAX_ATTEMPTS)


def message_retry(*, message: Message, now: datetime | None = None) -> bool:
    """Staff: try a failed message again now, with a fresh set of attempts."""
    now = now or timezone.now()
    with transaction.atomic():
        reset = Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
            status=MessageStatus.PENDING, attempts=0, next_attempt_at=now
        )
        if reset:
            send_message = _send_task()
            enqueue_on_commit(send_message, message.pk)
    return bool(reset)


def utc(moment: datetime) -> datetime:
    """Hours are added in UTC so that 24 hours stay 24 hours across a DST change."""
    return moment.astimezone(UTC)
