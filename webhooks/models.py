"""Endpoints of an organisation's own system, and the outbox of what is sent to them: a delivery per event and
endpoint (one `webhook-id`, the same on every retry) and every attempt it took."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking
from organisations.models import Organisation


class EventType(models.TextChoices):
    CREATED = "booking.created", _("Boeking aangemaakt")
    OFFERED = "booking.offered", _("Aangeboden aan tolken")
    CONFIRMED = "booking.confirmed", _("Bevestigd")
    CANCELLED = "booking.cancelled", _("Geannuleerd")
    COMPLETED = "booking.completed", _("Uitgevoerd")
    UNFILLED = "booking.unfilled", _("Niet ingevuld")
    WITHDRAWN = "booking.withdrawn", _("Tolk trok zich terug")


PING = "ping"  # the test button's event: sent to one endpoint, whatever it subscribed to


class WebhookEndpoint(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(_("adres"), max_length=500)
    events = models.JSONField(_("gebeurtenissen"), default=list, blank=True, help_text=_("Leeg: alle"))
    # Kept readable: every delivery is signed with it. Shown once, when made; `previous_secret` signs too until
    # `previous_secret_until` (a rotation gives the receiving system a day to switch).
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    failing_since = models.DateTimeField(null=True, blank=True, help_text="first failed attempt since the last success")
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events

    def secrets(self, now) -> list[str]:
        """The secrets a delivery is signed with now: the current one, and the previous during its overlap."""
        if self.previous_secret and self.previous_secret_until and self.previous_secret_until > now:
            return [self.secret, self.previous_secret]
        return [self.secret]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Wacht")
    SENDING = "sending", _("Wordt verstuurd")
    DELIVERED = "delivered", _("Afgeleverd")
    FAILED = "failed", _("Mislukt")


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    booking = models.ForeignKey(Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    event_type = models.CharField(max_length=40)
    webhook_id = models.CharField(max_length=40, unique=True)
    # The exact bytes every attempt sends (and signs): the booking as it was when the event happened.
    body = models.TextField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    give_up_after = models.DateTimeField(help_text="retried until then, then marked failed")
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhookbericht")
        verbose_name_plural = _("webhookberichten")
        indexes = [
            # the sweep of due deliveries (webhooks/outbox.py deliveries_flush)
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            # the earlier deliveries of one booking to one endpoint, which go first (delivery_send)
            models.Index(fields=["endpoint", "booking", "id"], name="webhook_delivery_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"),
        ]

    def __str__(self) -> str:
        return self.webhook_id


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_start = models.TextField(blank=True, help_text="the first bytes of the answer")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
