from django.contrib import admin

from languages.models import Language


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name_nl", "name_fr", "name_en", "is_common", "is_active")
    list_filter = ("is_active", "is_common")
    list_editable = ("is_active", "is_common")
    search_fields = ("code", "name_nl", "name_fr", "name_en", "search_text")  # aliases too (Farsi, Tigrinja)
    actions = ["activate", "deactivate"]

    @admin.action(description="Activeer de gekozen talen")
    def activate(self, request, queryset):
        queryset.update(is_active=True)

    @admin.action(description="Deactiveer de gekozen talen")
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)
