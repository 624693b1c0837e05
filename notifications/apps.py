from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox, the mail of every event, the reminders, their tasks and the staff's message pages.
    The Message rows themselves stay in `bookings` (table bookings_message)."""

    name = "notifications"
    verbose_name = _("Berichten")
