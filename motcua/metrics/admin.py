from django.contrib import admin

from motcua.metrics.models import Indicator, RecordedValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "group", "name_vi", "max_points", "formula", "numerator", "denominator")
    list_filter = ("group", "formula")
    search_fields = ("code", "name_vi", "name_en")
    ordering = ("group", "position", "code")


@admin.register(RecordedValue)
class RecordedValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "province_code", "period_from", "period_to", "numerator", "denominator", "source")
    list_filter = ("indicator", "province_code")
