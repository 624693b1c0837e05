import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.preferences import is_optional


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Profile(models.Model):
    """What Tolkportaal keeps about a user beyond Django's auth: language and calendar secret."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("taal"), max_length=2, choices=settings.LANGUAGES, default="nl")
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    # optional notification kinds (accounts.preferences.OPTIONAL_NOTIFICATIONS) this user switched off
    notifications_off = models.JSONField(_("uitgeschakelde meldingen"), default=list, blank=True)

    class Meta:
        verbose_name = _("profiel")
        verbose_name_plural = _("profielen")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        """Mandatory kinds are always wanted; optional ones unless switched off."""
        return not (is_optional(kind) and kind in self.notifications_off)
