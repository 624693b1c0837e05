"""iCalendar files: one booking, or a user's whole agenda as a feed."""

from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from bookings.links import booking_url
from bookings.models import Booking, Kind, Status
from organisations.services import organisations_of

PRODID = "-//Agentschap Integratie en Inburgering//Tolkportaal//NL"


def booking_uid(booking: Booking) -> str:
    """Stable across edits and re-exports: calendar apps update the event instead of adding one."""
    return f"booking-{booking.pk}@tolkportaal"


def _event(booking: Booking) -> Event:
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    start = booking.starts_at.astimezone(UTC)
    if booking.kind == Kind.TRANSLATION:
        start = (booking.deadline or booking.starts_at).astimezone(UTC)
        end = start + timedelta(minutes=30)
    else:
        end = (booking.ends_at or start + timedelta(minutes=booking.duration_minutes or 60)).astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _("Tolkopdracht %(ref)s — %(lang)s") % {"ref": booking.reference, "lang": booking.language})
    join = booking.join
    if join:
        event.add("location", join.value)
    description = [f"{_('Modus')}: {booking.get_mode_display()}", f"{_('Organisatie')}: {booking.organisation}"]
    if join:
        description.append(f"{join.label}: {join.value}")
    if booking.notes:
        description.append(booking.notes)
    event.add("description", "\n".join(description))
    event.add("url", booking_url(booking))
    if booking.status == Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED" if booking.status in (Status.CONFIRMED, Status.COMPLETED) else "TENTATIVE")
    return event


def calendar_bytes(bookings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Tolkportaal")
    for booking in bookings:
        calendar.add_component(_event(booking))
    return calendar.to_ical()


def booking_ics(booking: Booking) -> bytes:
    return calendar_bytes([booking])


def agenda_for_user(user):
    """What a user's feed shows: an interpreter's confirmed jobs, or a requester's bookings."""
    recent = timezone.now() - timedelta(days=90)
    bookings = Booking.objects.for_lists().filter(starts_at__gte=recent, kind=Kind.INTERPRETING)
    if hasattr(user, "interpreter"):
        return bookings.filter(interpreter=user.interpreter, status__in=[Status.CONFIRMED, Status.COMPLETED])
    if user.is_staff:
        return bookings.none()
    return bookings.filter(organisation__in=organisations_of(user)).exclude(status=Status.CANCELLED)


def calendar_for_user(user) -> bytes:
    return calendar_bytes(agenda_for_user(user).order_by("starts_at"))
