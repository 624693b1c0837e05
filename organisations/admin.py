from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership, Municipality, Organisation, Region, SavedPlace


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("postcode", "name", "region", "latitude", "longitude")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("postcode", "name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    readonly_fields = ("joined_at",)


class SavedPlaceInline(admin.TabularInline):
    model = SavedPlace
    extra = 0
    readonly_fields = ("last_used_at",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "region_name", "is_active")
    list_filter = ("kind", "is_active", "municipality__region")
    list_select_related = ("municipality__region",)
    search_fields = ("name", "municipality__name", "municipality__postcode", "email")
    autocomplete_fields = ("municipality",)
    inlines = [MembershipInline, SavedPlaceInline]

    @admin.display(description=_("regio"), ordering="municipality__region__name")
    def region_name(self, organisation):
        return organisation.municipality.region


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "joined_at")
    list_filter = ("organisation__kind", "organisation__municipality__region")
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "user__email", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
