"""Who gets a message besides the people on the booking."""

from django.contrib.auth import get_user_model


def staff_recipients():
    """Agency staff with an address, in a fixed order (the outbox inserts keys sorted, so no order is needed for
    correctness, but the same order every time makes the message log read the same)."""
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return users.select_related("profile").order_by("pk")
