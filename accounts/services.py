"""Writes on a user's own settings."""

from accounts.preferences import OPTIONAL_NOTIFICATIONS
from accounts.roles import profile_for


def notification_preferences_set(*, user, wanted: list[str], language: str):
    """Store which optional notifications `user` wants; unknown or mandatory kinds cannot be switched off."""
    profile = profile_for(user)
    profile.notifications_off = sorted(kind for kind in OPTIONAL_NOTIFICATIONS if kind not in set(wanted))
    profile.language = language
    profile.save(update_fields=["notifications_off", "language"])
    return profile
