from django.contrib import admin

from bookings.models import (
    Booking,
    BookingAudit,
    BookingSeries,
    Document,
    Feedback,
    Message,
    Offer,
    StatusChange,
    Timesheet,
    Withdrawal,
)


class ReadOnlyInline(admin.TabularInline):
    """History, offers and documents are written by the services only: shown, never edited here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = readonly_fields = ("at", "from_status", "to_status", "by", "note_text")


class OfferInline(ReadOnlyInline):
    model = Offer
    fields = readonly_fields = ("interpreter", "round_number", "rank", "status", "expires_at", "responded_at")


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = readonly_fields = ("purpose", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "mode", "language", "starts_at", "organisation", "status", "interpreter")
    list_filter = (
        "status",
        "kind",
        "mode",
        "late_cancellation",
        "urgent",
        "sector",
        "organisation__municipality__region",
    )
    list_select_related = ("language", "organisation", "interpreter__user")
    search_fields = ("reference", "organisation__name", "language__code", "language__name_nl", "postcode", "address")
    date_hierarchy = "starts_at"
    autocomplete_fields = (
        "organisation",
        "language",
        "target_language",
        "municipality",
        "interpreter",
        "preferred_interpreter",
        "requested_by",
    )
    readonly_fields = ("series", "created_at", "updated_at", "cancelled_at")
    inlines = [StatusChangeInline, OfferInline, DocumentInline]


@admin.register(BookingSeries)
class BookingSeriesAdmin(admin.ModelAdmin):
    list_display = ("id", "recurrence", "occurrences", "created_by", "created_at")
    list_filter = ("recurrence",)
    list_select_related = ("created_by",)
    search_fields = ("created_by__username", "bookings__reference")


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("booking", "from_status", "to_status", "by", "at")
    list_filter = ("to_status", "from_status")
    list_select_related = ("booking", "by")
    search_fields = ("booking__reference", "by__username", "note")
    date_hierarchy = "at"
    autocomplete_fields = ("booking", "by")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "booking", "purpose", "content_type", "size", "uploaded_at")
    list_filter = ("purpose", "content_type")
    list_select_related = ("booking",)
    search_fields = ("original_name", "booking__reference")
    autocomplete_fields = ("booking", "uploaded_by")


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("booking", "interpreter", "round_number", "rank", "status", "expires_at", "responded_at")
    list_filter = ("status", "round_number")
    list_select_related = ("booking", "interpreter__user")
    search_fields = ("booking__reference", "interpreter__user__last_name", "interpreter__user__username")
    autocomplete_fields = ("booking", "interpreter")


@admin.register(Timesheet)
class TimesheetAdmin(admin.ModelAdmin):
    list_display = ("booking", "actual_start", "actual_end", "travel_km", "client_no_show", "filed_at")
    list_filter = ("client_no_show",)
    list_select_related = ("booking",)
    search_fields = ("booking__reference", "remarks")
    autocomplete_fields = ("booking", "filed_by")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("booking", "rating", "complaint_type", "given_by", "given_at", "complaint_closed_at")
    list_filter = ("rating", "complaint_type")
    list_select_related = ("booking", "given_by")
    search_fields = ("booking__reference", "complaint_text")
    autocomplete_fields = ("booking", "given_by")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("key", "kind", "to_email", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind", "language")
    list_select_related = ("booking",)
    search_fields = ("key", "to_email", "subject", "booking__reference")
    date_hierarchy = "created_at"
    autocomplete_fields = ("booking", "recipient")


class BookingAuditInline(ReadOnlyInline):
    """Who saw or changed the booking (bookings/audit.py), for staff in the admin."""

    model = BookingAudit
    fields = readonly_fields = ("at", "user", "action", "what")


BookingAdmin.inlines = [*BookingAdmin.inlines, BookingAuditInline]
# The client's name is for the requester and the assigned interpreter only, not for staff.
BookingAdmin.exclude = ("client_name",)


# Requirements and wishes, ranked modes, working days (matching/wishes.py, ranked_modes.py, workdays.py)
from bookings.admin_requirements import *  # noqa: E402, F401, F403 - registers ClosureDay, ExcludedInterpreter


@admin.register(Withdrawal)
class WithdrawalAdmin(admin.ModelAdmin):
    """Staff: who gave which job back, and the late ones per interpreter (filter on late and interpreter)."""

    list_display = ["at", "booking", "interpreter", "late", "reason"]
    list_filter = ["late"]
    search_fields = ["booking__reference", "interpreter__user__username", "interpreter__user__last_name"]
    list_select_related = ["booking", "interpreter__user"]
    raw_id_fields = ["booking", "interpreter", "by"]
