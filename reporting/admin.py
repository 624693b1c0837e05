from django.contrib import admin

from reporting.models import ServiceFigure, ServiceIndicator


@admin.register(ServiceIndicator)
class ServiceIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "label_nl", "unit", "display_order", "computed"]
    list_editable = ["display_order"]
    search_fields = ["code", "label_nl", "label_fr", "label_en"]


@admin.register(ServiceFigure)
class ServiceFigureAdmin(admin.ModelAdmin):
    list_display = ["year", "indicator", "region", "value", "updated_at"]
    list_filter = ["year", "indicator", "region"]
    list_select_related = ["indicator", "region"]
    readonly_fields = ["updated_at", "updated_by"]
