from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """What people do with a booking: the actions of requesters, interpreters and staff (services.py) and
    their pages and forms."""

    name = "portal"
    verbose_name = _("Portaal")
