"""Admin pages for calendar overrides and office hours, scoped like the API.

A province administrator with access to the admin site sees and changes only their own
province's overrides; nationwide overrides and the default hours belong to system administrators.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError
from motcua.workdays import access
from motcua.workdays.actions import calendar_override_remove, override_check
from motcua.workdays.models import CalendarOverride, OfficeHours


class CalendarOverrideForm(forms.ModelForm):
    """Adds go through the same checks as the API: jurisdiction, and a change that changes something."""

    request: HttpRequest

    class Meta:
        model = CalendarOverride
        fields = ("date", "province", "kind", "name", "name_en", "legal_basis")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk or self.errors:
            return data
        province = data.get("province")
        if not access.can_manage_calendar(self.request.user, province.pk if province else None):
            raise forms.ValidationError(
                _("Chỉ quản trị hệ thống, hoặc quản trị cấp tỉnh với tỉnh của mình, được điều chỉnh lịch làm việc.")
            )
        try:
            data["name"] = override_check(day=data["date"], kind=data["kind"], name=data["name"], province=province)
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        return data


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = ("date", "kind", "name", "province", "legal_basis", "created_by", "removed_at")
    list_filter = ("kind", ("removed_at", admin.EmptyFieldListFilter), "province")
    search_fields = ("name", "name_en", "legal_basis")
    date_hierarchy = "date"
    list_select_related = ("province", "created_by")
    readonly_fields = ("created_at", "created_by", "removed_at", "removed_by")
    fields = ("date", "province", "kind", "name", "name_en", "legal_basis", *readonly_fields)
    actions = ["withdraw"]

    @admin.action(description=gettext_lazy("Gỡ bỏ các điều chỉnh đã chọn (vẫn giữ hồ sơ)"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        count = 0
        for override in queryset.filter(removed_at__isnull=True):
            try:
                calendar_override_remove(acting_user=request.user, override_id=override.pk)
                count += 1
            except DomainError as exc:
                self.message_user(request, str(exc.message), level=messages.ERROR)
        self.message_user(request, _("Đã gỡ bỏ %(n)d điều chỉnh.") % {"n": count})

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request  # type: ignore[attr-defined]
        return form

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:  # a correction is withdrawn and added again, never edited in place
            return self.fields
        return self.readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarOverride]:
        query = super().get_queryset(request)
        if access.is_system_admin(request.user):
            return query
        return query.filter(province_id__in=access.administered_province_ids(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not access.can_manage_calendar(request.user, obj.province_id):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdraw by setting "removed"; the record stays

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "province" and not access.is_system_admin(request.user):
            from motcua.geo.models import Province

            kwargs["queryset"] = Province.objects.filter(pk__in=access.administered_province_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ("__str__", "agency", "updated_at", "updated_by")
    raw_id_fields = ("agency",)
    readonly_fields = ("updated_at", "updated_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[OfficeHours]:
        query = super().get_queryset(request).select_related("agency")
        if access.is_system_admin(request.user):
            return query
        return query.filter(agency__province_id__in=access.administered_province_ids(request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not access.can_manage_office_hours(request.user, obj.agency):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: OfficeHours, form: Any, change: bool) -> None:
        from django.utils import timezone

        obj.updated_by = request.user  # type: ignore[assignment]
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
