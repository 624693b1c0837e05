"""Who a user is in Tolkportaal: staff, interpreter or requester."""

from enum import StrEnum

from accounts.models import Profile


class Role(StrEnum):
    STAFF = "staff"
    INTERPRETER = "interpreter"
    REQUESTER = "requester"


def user_role(user) -> Role | None:
    if not user.is_authenticated:
        return None
    if user.is_staff:
        return Role.STAFF
    if hasattr(user, "interpreter"):
        return Role.INTERPRETER
    return Role.REQUESTER


def profile_for(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile
