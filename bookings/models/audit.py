"""Who saw or changed what on a booking. Status changes have their own history (StatusChange)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models.booking import Booking


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("bekeken")
    DOWNLOADED = "downloaded", _("document gedownload")
    CHANGED = "changed", _("gewijzigd")
    PERSONAL_DATA_REMOVED = "pd_removed", _("persoonsgegevens verwijderd")


class BookingAudit(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="audit")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("actie"), max_length=12, choices=AuditAction.choices)
    what = models.CharField(_("wat"), max_length=200, blank=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        # the staff page lists one booking's entries, newest first
        indexes = [models.Index(fields=["booking", "-at"], name="booking_audit_booking_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or '-'} {self.get_action_display()} {self.what}"
