from django.contrib import admin

from motcua.oversight import models


class ReadOnlyEvents(admin.TabularInline):
    model = models.RecommendationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "actor", "at", "occurred_on", "from_status", "to_status", "progress", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "planned_groups", "planned_localities"]


@admin.register(models.Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["province", "visited_on", "campaign", "group"]
    list_filter = ["campaign"]


@admin.register(models.Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    """Read-mostly: the lifecycle changes only through the actions (pages and API)."""

    list_display = ["text", "province", "addressee_kind", "field", "status", "due_on"]
    list_filter = ["campaign", "status", "addressee_kind", "field"]
    readonly_fields = [
        "status",
        "assigned_unit",
        "due_on",
        "progress",
        "version",
        "resolution_reference",
        "resolution_url",
        "declined_reason",
    ]
    inlines = [ReadOnlyEvents]


@admin.register(models.ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "field", "procedure_code", "phone", "active"]
    list_filter = ["field", "active"]


admin.site.register(models.WorkingGroup)
admin.site.register(models.Difficulty)
admin.site.register(models.KeyFigure)
admin.site.register(models.Finding)
admin.site.register(models.SupportThread)
