"""The audit log of a booking: who looked at it, downloaded its documents or changed it (besides its status).

Status changes keep their own history (StatusChange); this log adds the reads and the other changes, so
that staff can answer "who saw this file?" for a booking about a vulnerable person.
"""

from bookings.models import AuditAction, Booking, BookingAudit

__all__ = ["AuditAction", "audit_for", "audit_record"]


def audit_record(*, booking: Booking, user, action: str, what: str = "") -> BookingAudit:
    """One entry; `user` may be None (a background job) or anonymous (a signed link)."""
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    return BookingAudit.objects.create(booking_id=booking.pk, user=actor, action=action, what=what[:200])


def audit_for(booking: Booking, limit: int = 200):
    """The newest entries of one booking, with their users (one query)."""
    return booking.audit.select_related("user")[:limit]
