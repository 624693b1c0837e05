from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = _("Boekingen")

    def ready(self):
        from bookings import lookups  # noqa: F401 - registers the `__any_of` lookup on every field
