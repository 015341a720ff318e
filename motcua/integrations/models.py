"""The outbox (messages owed to other systems and people) and the periodic-job schedule."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.integrations.choices import MessageStatus, RunStatus


class OutboxMessage(models.Model):
    """A message owed to another system or a person (Portal sync, e-mail, SMS).

    Written in the same transaction as the change that causes it, so it exists if and only if
    that change committed; the worker delivers it at least once, passing `key` to the receiver
    so it can drop repeats. `key` is unique: enqueueing twice with one key writes one row.
    Messages sharing a non-empty `group` are delivered one at a time in the order written, so
    a retried older status never lands after a newer one.
    """

    topic = models.CharField(_("chủ đề"), max_length=64)
    key = models.CharField(_("khóa chống trùng"), max_length=200)
    payload = models.JSONField(_("nội dung"), default=dict)
    province_code = models.CharField(_("mã tỉnh"), max_length=8, blank=True, default="")
    group = models.CharField(
        _("nhóm giữ thứ tự"),
        max_length=120,
        blank=True,
        default="",
        help_text=_("Các thư cùng nhóm được gửi lần lượt theo thứ tự ghi (ví dụ: các trạng thái của một hồ sơ)."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần đã thử"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    available_at = models.DateTimeField(_("gửi từ lúc"), default=timezone.now)
    claimed_by = models.CharField(_("tiến trình đang gửi"), max_length=64, blank=True, default="")
    claimed_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True, default="")
    result = models.JSONField(_("kết quả"), default=dict, blank=True)

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-id"]
        indexes = [
            # The worker's claim query: pending messages in due order (a small partial index).
            models.Index(
                fields=["available_at", "id"],
                name="integ_outbox_due_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "topic"], name="integ_outbox_status_idx"),
            # "Is an older message of this group still waiting?" — asked for every claim.
            models.Index(
                fields=["group", "id"],
                name="integ_outbox_group_idx",
                condition=models.Q(status="pending") & ~models.Q(group=""),
            ),
            models.Index(fields=["province_code", "created_at"], name="integ_outbox_province_idx"),
        ]
        constraints = [
            # A constraint rather than unique=True: PostgreSQL then gets no second LIKE index.
            models.UniqueConstraint(fields=["key"], name="integ_outbox_key_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in MessageStatus]), name="integ_outbox_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key}"


class PeriodicJob(models.Model):
    """The schedule row of a periodic job registered in code (`integrations.periodic.register`).

    A worker runs the job only after winning a conditional UPDATE on this row, so at most one
    process runs a given job at a time; `running_until` is a lease that frees the job if its
    runner dies.
    """

    name = models.CharField(_("tên"), max_length=100, unique=True)
    every_seconds = models.PositiveIntegerField(_("chu kỳ (giây)"))
    enabled = models.BooleanField(_("đang bật"), default=True)
    next_run_at = models.DateTimeField(_("lần chạy tới"), default=timezone.now)
    running_by = models.CharField(_("tiến trình đang chạy"), max_length=64, blank=True, default="")
    running_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("lần chạy gần nhất"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("kết thúc gần nhất"), null=True, blank=True)
    last_status = models.CharField(_("kết quả gần nhất"), max_length=16, choices=RunStatus.choices, blank=True)

    class Meta:
        verbose_name = _("việc định kỳ")
        verbose_name_plural = _("việc định kỳ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobRun(models.Model):
    """One run of a periodic job: when, by which worker, how many items it handled, any error."""

    job = models.ForeignKey(PeriodicJob, on_delete=models.CASCADE, related_name="runs", verbose_name=_("việc"))
    worker = models.CharField(_("tiến trình"), max_length=64)
    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    status = models.CharField(_("kết quả"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    count = models.IntegerField(_("số mục đã xử lý"), default=0)
    error = models.TextField(_("lỗi"), blank=True, default="")

    class Meta:
        verbose_name = _("lần chạy")
        verbose_name_plural = _("các lần chạy")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "-started_at"], name="integ_jobrun_job_idx")]

    def __str__(self) -> str:
        return f"{self.job.name} @ {self.started_at:%Y-%m-%d %H:%M}"
