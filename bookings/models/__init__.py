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
from bookings.models.periodic import PeriodicRun
from bookings.models.requirements import BookingModeOption, ClosureDay, ExcludedInterpreter
from bookings.models.thread import THREAD_MESSAGE_MAX, ThreadMessage
from bookings.models.work import ComplaintType, Feedback, Offer, OfferStatus, Timesheet, TimesheetStatus, Withdrawal

__all__ = [
    "THREAD_MESSAGE_MAX",
    "ThreadMessage",
    "AuditAction",
    "BookingAudit",
    "Booking",
    "BookingModeOption",
    "BookingSeries",
    "ClosureDay",
    "ComplaintType",
    "Document",
    "DocumentPurpose",
    "ExcludedInterpreter",
    "Feedback",
    "Kind",
    "Message",
    "MessageStatus",
    "Offer",
    "OfferStatus",
    "PeriodicRun",
    "Recurrence",
    "Status",
    "StatusChange",
    "Timesheet",
    "TimesheetStatus",
    "Withdrawal",
]
