from django.contrib import admin

from accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "language", "phone")
    list_filter = ("language",)
    search_fields = ("user__username", "user__email", "user__last_name")
    exclude = ("calendar_token",)
