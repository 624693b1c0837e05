from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Who may and should get a job: candidates, requirements and wishes, offer rounds, offers, one-click
    links, ranked modes, certification checks and their tasks. The Offer rows stay in `bookings`."""

    name = "matching"
    verbose_name = _("Toewijzing")

    def ready(self):
        from matching import lookups  # noqa: F401 - registers the `__any_of` lookup on every field
