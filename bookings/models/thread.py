"""The conversation about one booking between its requester's organisation, the assigned interpreter and the
planning (portal/threads.py): kept with the booking, beside its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking

THREAD_MESSAGE_MAX = 4000


class ThreadMessage(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="thread_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("bericht"), max_length=THREAD_MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bericht over de boeking")
        verbose_name_plural = _("berichten over de boeking")
        indexes = [
            # the thread of a booking page, oldest first
            models.Index(fields=["booking", "created_at"], name="threadmessage_booking"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="threadmessage_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} · {self.created_at:%Y-%m-%d %H:%M}"
