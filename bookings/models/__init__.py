from bookings.models.audit import AuditAction, BookingAudit
from bookings.models.booking import (
    Booking,
    BookingSeries,
    Document,
    DocumentPurpose,
    Kind,
    Recurrence,
    Status,
    StatusChange,
)
from bookings.models.message import Message, MessageStatus
from bookings.models.work import ComplaintType, Feedback, Offer, OfferStatus, Timesheet

__all__ = [
    "AuditAction",
    "BookingAudit",
    "Booking",
    "BookingSeries",
    "ComplaintType",
    "Document",
    "DocumentPurpose",
    "Feedback",
    "Kind",
    "Message",
    "MessageStatus",
    "Offer",
    "OfferStatus",
    "Recurrence",
    "Status",
    "StatusChange",
    "Timesheet",
]
