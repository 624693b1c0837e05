from django.contrib import admin

from billing.forms import InterpreterTariffForm, RequesterTariffForm
from billing.models import BillingProfile, InterpreterTariff, PriceLine, RequesterTariff, Statement, UnpricedJob


@admin.register(RequesterTariff)
class RequesterTariffAdmin(admin.ModelAdmin):
    form = RequesterTariffForm
    list_display = ["kind", "mode", "valid_from", "valid_until", "hourly_rate", "first_block_price", "word_rate"]
    list_filter = ["kind", "mode"]


@admin.register(InterpreterTariff)
class InterpreterTariffAdmin(admin.ModelAdmin):
    form = InterpreterTariffForm
    list_display = ["kind", "mode", "valid_from", "valid_until", "hourly_fee", "km_allowance", "word_fee"]
    list_filter = ["kind", "mode"]


@admin.register(BillingProfile)
class BillingProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "enterprise_number", "peppol_endpoint"]
    search_fields = ["organisation__name", "enterprise_number"]
    raw_id_fields = ["organisation"]


@admin.register(PriceLine)
class PriceLineAdmin(admin.ModelAdmin):
    """Read-only: lines are kept as they were; corrections are added from the job's billing page."""

    list_display = ["booking", "party", "description", "quantity", "unit_price", "amount", "statement"]
    list_filter = ["party"]
    list_select_related = ["booking", "statement"]
    raw_id_fields = ["booking", "statement"]
    search_fields = ["booking__reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["number", "party", "organisation", "interpreter", "period_start", "total_amount"]
    list_filter = ["party"]
    list_select_related = ["organisation", "interpreter__user"]
    readonly_fields = [f.name for f in Statement._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(UnpricedJob)
class UnpricedJobAdmin(admin.ModelAdmin):
    list_display = ["booking", "reason", "flagged_at"]
    raw_id_fields = ["booking"]
