"""The outbox: every email is a row first, sent after commit, keyed so it is never sent twice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Te versturen")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    SKIPPED = "skipped", _("Niet meer nodig")  # e.g. a reminder for a job cancelled before it was sent


class Message(models.Model):
    key = models.CharField(max_length=200, unique=True, help_text="what:booking:recipient — one send per key")
    kind = models.CharField(max_length=40)
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="messages")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_email = models.EmailField()
    language = models.CharField(max_length=2, default="nl")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    # Queued in bulk (the reminder scan, an offer round's mails), a message is written unrendered: `context`
    # holds what it is rendered from (plain values and model references); the first claim renders it and sets
    # `rendered`.
    rendered = models.BooleanField(default=True)
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # the mail server was away when it was due: it goes out from the waiting queue, in order (notifications/sending.py)
    waited_for_server = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [
            # the outbox sweep: due messages by status and time
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            # the waiting queue's head: a few rows while the mail server is away, none otherwise
            models.Index(
                fields=["created_at", "id"],
                name="message_waiting_queue",
                condition=Q(waited_for_server=True, status__in=["pending", "sending", "failed"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="message_status_valid"),
        ]

    def __str__(self) -> str:
        return self.key
