"""Admin for what staff keep by hand: closure days (not working days) and exclusions per organisation."""

from django.contrib import admin

from bookings.models import BookingModeOption, ClosureDay, ExcludedInterpreter

__all__ = ["ClosureDayAdmin", "ExcludedInterpreterAdmin", "BookingModeOptionAdmin"]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("day", "reason", "created_by")
    date_hierarchy = "day"
    search_fields = ("reason",)
    exclude = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ExcludedInterpreter)
class ExcludedInterpreterAdmin(admin.ModelAdmin):
    list_display = ("organisation", "interpreter", "reason", "created_by", "created_at")
    list_select_related = ("organisation", "interpreter__user", "created_by")
    search_fields = ("organisation__name", "interpreter__user__last_name", "interpreter__user__username")
    autocomplete_fields = ("organisation", "interpreter")
    exclude = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BookingModeOption)
class BookingModeOptionAdmin(admin.ModelAdmin):
    list_display = ("booking", "rank", "mode", "postcode", "connection_details")
    list_select_related = ("booking",)
    search_fields = ("booking__reference",)
    raw_id_fields = ("booking",)
