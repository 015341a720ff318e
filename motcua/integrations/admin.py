"""Admin for operators: the outbox (waiting, retried, dead letters) and the periodic jobs' runs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.integrations import outbox
from motcua.integrations.models import JobRun, OutboxMessage, PeriodicJob


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "topic", "key", "status", "attempts", "available_at", "delivered_at", "province_code")
    list_filter = ("status", "topic", "province_code")
    search_fields = ("key", "group")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    actions = ["retry_now"]
    readonly_fields = (
        "topic",
        "key",
        "payload",
        "province_code",
        "group",
        "status",
        "attempts",
        "created_at",
        "available_at",
        "claimed_by",
        "claimed_until",
        "delivered_at",
        "last_error",
        "result",
    )
    show_full_result_count = False  # the outbox grows large; avoid a full COUNT on each page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # messages come only from actions, in their transaction

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the outbox is a record of what was owed and what happened

    @admin.action(description=_("Gửi lại ngay (thư thất bại hoặc đang chờ)"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox.requeue(ids=list(queryset.values_list("id", flat=True)))
        self.message_user(
            request,
            ngettext("Đã đưa %(n)d thư vào hàng đợi gửi lại.", "Đã đưa %(n)d thư vào hàng đợi gửi lại.", count)
            % {"n": count},
            messages.SUCCESS,
        )


class JobRunInline(admin.TabularInline):
    model = JobRun
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("started_at", "finished_at", "status", "count", "worker", "error")
    readonly_fields = fields
    ordering = ("-started_at",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[JobRun]:
        return super().get_queryset(request).order_by("-started_at")


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ("name", "every_seconds", "enabled", "next_run_at", "last_started_at", "last_status", "running_by")
    list_filter = ("enabled", "last_status")
    list_editable = ("enabled",)
    search_fields = ("name",)
    readonly_fields = ("name", "every_seconds", "running_by", "running_until", "last_started_at", "last_finished_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are registered in code (`<app>/jobs.py`)


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("job", "started_at", "finished_at", "status", "count", "worker")
    list_filter = ("status", "job")
    list_select_related = ("job",)
    date_hierarchy = "started_at"
    readonly_fields = ("job", "worker", "started_at", "finished_at", "status", "count", "error")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
