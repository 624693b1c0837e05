"""Links that leave the portal (mails, calendar files): absolute, on SITE_URL."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def booking_url(booking) -> str:
    """The booking's page: requesters see it there, interpreters and staff are sent on to their own page of it."""
    return absolute_url(booking.get_absolute_url())
