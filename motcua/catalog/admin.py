"""Admin for the catalogue. Published and retired versions are read-only (they are frozen so
dossiers keep the rules they started with); drafts are edited inline and published with an
action that runs every publishing rule. The sample flag is shown everywhere."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog import actions
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import (
    Fee,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProvinceProcedure,
    RequiredDocument,
    ResultType,
)
from motcua.core.errors import DomainError


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "ministry", "position")
    list_filter = ("ministry",)
    search_fields = ("code", "name", "name_en")
    ordering = ("position", "code")


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("number", "status", "valid_from", "valid_to", "name", "sample")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "local_code", "current_name", "is_sample")
    search_fields = ("code", "local_code", "versions__name")
    inlines = [VersionInline]

    @admin.display(description=_("tên (phiên bản mới nhất)"))
    def current_name(self, obj: Procedure) -> str:
        latest = obj.versions.order_by("-number").first()
        return latest.name if latest else ""

    @admin.display(description=_("dữ liệu mẫu"), boolean=True)
    def is_sample(self, obj: Procedure) -> bool:
        latest = obj.versions.order_by("-number").first()
        return bool(latest and latest.sample)


class _FrozenWhenPublished(admin.TabularInline):
    extra = 0

    def _editable(self, obj: ProcedureVersion | None) -> bool:
        return obj is None or obj.status == VersionStatus.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class LegalBasisInline(_FrozenWhenPublished):
    model = LegalBasis


class FeeInline(_FrozenWhenPublished):
    model = Fee


class DocumentInline(_FrozenWhenPublished):
    model = RequiredDocument


class ResultTypeInline(_FrozenWhenPublished):
    model = ResultType


class StepInline(_FrozenWhenPublished):
    model = ProcessStep
    ordering = ("position",)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = (
        "procedure", "number", "name", "field", "status", "valid_from", "valid_to", "online_level", "sample",
    )  # fmt: skip
    list_filter = ("sample", "status", "field", "online_level", "boundary_free", "level_province", "level_commune")
    search_fields = ("procedure__code", "name", "name_en")
    list_select_related = ("procedure", "field")
    raw_id_fields = ("procedure",)
    readonly_fields = ("status", "published_at", "published_by", "created_at", "updated_at")
    inlines = [LegalBasisInline, FeeInline, DocumentInline, ResultTypeInline, StepInline]
    actions = ["publish_today", "open_draft"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool) -> None:
        obj.updated_at = timezone.now()
        if not change:
            obj.status = VersionStatus.DRAFT
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Công bố các bản dự thảo đã chọn, có hiệu lực từ hôm nay"))
    def publish_today(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset:
            try:
                actions.version_publish(
                    acting_user=request.user, version_id=version.pk, valid_from=timezone.localdate()
                )
            except DomainError as exc:
                details = "; ".join(str(e.get("message")) for e in exc.errors)
                self.message_user(request, f"{version}: {exc.message} {details}", messages.ERROR)
            else:
                self.message_user(request, _("Đã công bố %(v)s.") % {"v": version}, messages.SUCCESS)

    @admin.action(description=_("Mở bản dự thảo mới từ phiên bản đã chọn"))
    def open_draft(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> HttpResponse | None:
        created = None
        for version in queryset:
            try:
                created = actions.version_draft_open(acting_user=request.user, code=version.procedure.code)
            except DomainError as exc:
                self.message_user(request, f"{version}: {exc.message}", messages.ERROR)
        if created is not None and queryset.count() == 1:
            return HttpResponseRedirect(reverse("admin:catalog_procedureversion_change", args=[created.pk]))
        return None


@admin.register(ProvinceProcedure)
class ProvinceProcedureAdmin(admin.ModelAdmin):
    """A province's own list; replaced as a whole by `motcua catalog province-import`."""

    list_display = (
        "procedure_code", "name", "province", "level", "online_level", "full_online_eligible", "online_payment",
        "has_fee", "boundary_free", "sample",
    )  # fmt: skip
    list_filter = (
        "province", "online_level", "full_online_eligible", "level", "online_payment", "has_fee", "boundary_free",
        "connected_population_db", "sample",
    )  # fmt: skip
    search_fields = ("procedure_code", "name", "field")
    list_select_related = ("province",)
    raw_id_fields = ("procedure",)
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: ProvinceProcedure, form: Any, change: bool) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
