"""Sending one outbox message, and the mail that waited for the server, oldest due first.

A message is claimed (compare-and-set, see notifications/outbox.py), rendered when it was queued unrendered,
handed to SMTP and marked sent. What goes wrong decides what happens next:

- The message itself is refused (a 5xx for this recipient or sender, a rendering error): it is retried on its
  own with backoff and, after MAX_ATTEMPTS, listed for staff. Other mail goes on.
- The server is away or says "later" (refused connection, timeout, a 4xx): the message is marked as waiting for
  the server. While any message waits so, every new message joins that queue instead of being sent beside it,
  and only the drain sends: it takes the oldest waiting message (by due time: when it was queued), sends it, and
  only then claims the next. A drain that sees the oldest one claimed by another drain stops, so two workers
  never send from the queue at once and the server receives the backlog in order of due time. Only the head of
  the queue spends attempts while the server is away; it is tried with backoff, and when it goes through, the
  rest follows at once.
"""

import hashlib
import logging
import smtplib
import time
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone

from bookings.models import Message, MessageStatus
from notifications.outbox import backoff, claimable, message_render_stored, waiting_queue
from notifications.relevance import still_needed

logger = logging.getLogger(__name__)

MARK_SENT_TRIES = 8  # a mail accepted by SMTP is marked sent even across a database restart (~1 min of tries)


def mail_domain() -> str:
    """The domain of the portal's mails: SITE_URL's host."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={
            "X-Tolkportaal-Message": message.key,
            # the same id on every attempt, on the portal's own domain (Django's default is this host's name)
            "Message-ID": f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}.{message.pk}@{mail_domain()}>",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no out-of-office replies to the portal's mails
        },
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
    return email


def server_trouble(error: Exception) -> bool:
    """True when the server is away or asks to come back later; False when it refused this message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, OSError)  # refused or lost connections, timeouts, SMTPServerDisconnected


def message_send(*, message_id: int, now: datetime | None = None) -> bool:
    """Claim, send and mark one message. True when this call sent it; safe to call any number of times.

    While mail waits for the server this message joins the end of that queue, and the queue is drained."""
    if waiting_queue().exists():
        joined = Message.objects.filter(pk=message_id, status=MessageStatus.PENDING, waited_for_server=False)
        joined.update(waited_for_server=True)
        return message_id in outbox_drain(now=now)
    return _claim_and_send(message_id, now or timezone.now()) == "sent"


def outbox_drain(*, now: datetime | None = None) -> list[int]:
    """Send the waiting queue in order, one message at a time, until it is empty, its head is not due yet, the
    server fails again, or another drain holds the head. Returns the ids sent."""
    sent = []
    while True:
        head = waiting_queue().values_list("pk", flat=True).first()
        if head is None:
            return sent
        outcome = _claim_and_send(head, now or timezone.now())
        if outcome == "sent":
            sent.append(head)
        elif outcome in ("server", "taken"):  # "taken": not due yet (backoff), or another drain is sending it
            return sent


def _claim_and_send(message_id: int, now: datetime) -> str:
    """One attempt: "sent", "taken" (not claimable), "skipped" (no longer needed), "refused" (this message
    failed), or "server" (the server is away: the message now waits for it)."""
    claimed = (
        claimable(now)
        .filter(pk=message_id)
        .update(status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "taken"
    message = Message.objects.select_related("booking").get(pk=message_id)
    if not still_needed(message, now):
        Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
            status=MessageStatus.SKIPPED, last_error="Niet meer nodig: de opdracht werd intussen gewijzigd."
        )
        return "skipped"
    try:
        if not message.rendered:
            message = message_render_stored(message)
        _email(message).send()
    except Exception as error:  # SMTP errors, refused connections, rendering errors: retry later
        logger.warning("message %s: attempt %s failed: %s", message.key, message.attempts, error)
        waits = server_trouble(error)
        Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
            status=MessageStatus.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=now + backoff(message.attempts),
            waited_for_server=waits,  # a message the server refused leaves the queue and is retried on its own
        )
        return "server" if waits else "refused"
    _mark_sent(message_id)
    return "sent"


def _mark_sent(message_id: int) -> None:
    """Record that SMTP accepted the mail. This must not be lost to a database restart: the row would stay
    `sending` and be sent again once its claim is old. So the update is tried again, on a new connection,
    for about a minute (1 + 2 + 4 + 8 + 8 ... s) before giving up (logged)."""
    for attempt in range(MARK_SENT_TRIES):
        try:
            Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
                status=MessageStatus.SENT, sent_at=timezone.now(), last_error=""
            )
            return
        except (OperationalError, InterfaceError) as error:
            logger.warning("message %s sent, but marking it sent failed (%s): trying again", message_id, error)
            connection.close()
            time.sleep(min(2**attempt, 8))
    logger.error("message %s was sent but could not be marked sent: it may go out twice", message_id)
