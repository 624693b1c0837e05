from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from interpreters.models import Absence, Interpreter, LanguageSkill, WeeklyAvailability


class LanguageSkillInline(admin.TabularInline):
    model = LanguageSkill
    extra = 0
    autocomplete_fields = ("language",)


class WeeklyAvailabilityInline(admin.TabularInline):
    model = WeeklyAvailability
    extra = 0


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "municipality", "max_travel_km", "gender", "modes_display", "is_active")
    list_filter = ("is_active", "gender", "offers_on_site", "offers_phone", "offers_video", "municipality__region")
    list_select_related = ("user", "municipality")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "municipality__name")
    autocomplete_fields = ("user", "municipality")
    inlines = [LanguageSkillInline, WeeklyAvailabilityInline, AbsenceInline]

    @admin.display(description=_("modi"))
    def modes_display(self, interpreter):
        return ", ".join(interpreter.modes)


@admin.register(LanguageSkill)
class LanguageSkillAdmin(admin.ModelAdmin):
    list_display = ("interpreter", "language", "level", "for_interpreting", "for_translation", "valid_until")
    list_filter = ("level", "for_interpreting", "for_translation")
    list_select_related = ("interpreter__user", "language")
    search_fields = (
        "interpreter__user__last_name",
        "interpreter__user__username",
        "language__code",
        "language__name_nl",
    )
    autocomplete_fields = ("interpreter", "language")


@admin.register(WeeklyAvailability)
class WeeklyAvailabilityAdmin(admin.ModelAdmin):
    list_display = ("interpreter", "weekday", "start_time", "end_time")
    list_filter = ("weekday",)
    list_select_related = ("interpreter__user",)
    search_fields = ("interpreter__user__last_name", "interpreter__user__username")
    autocomplete_fields = ("interpreter",)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("interpreter", "starts_on", "ends_on", "reason")
    list_filter = ("starts_on",)
    list_select_related = ("interpreter__user",)
    search_fields = ("interpreter__user__last_name", "interpreter__user__username", "reason")
    autocomplete_fields = ("interpreter",)
    date_hierarchy = "starts_on"
