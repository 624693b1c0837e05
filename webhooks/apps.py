from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """The requesters' own systems told of every booking event: endpoints, the signed outbox, its log, its tasks."""

    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from bookings.lifecycle import status_changed
        from webhooks.outbox import webhook_status_changed

        status_changed.connect(webhook_status_changed, dispatch_uid="webhooks.status_changed")
