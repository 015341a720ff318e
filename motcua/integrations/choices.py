"""Enumerations of the integrations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    DELIVERED = "delivered", _("Đã gửi")
    SKIPPED = "skipped", _("Bỏ qua (tích hợp đang tắt)")
    DEAD = "dead", _("Thất bại (hết lượt thử)")

    @property
    def badge(self) -> str:
        return {"pending": "warning", "delivered": "success", "skipped": "secondary", "dead": "danger"}[self.value]


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Thành công")
    FAILED = "failed", _("Lỗi")


class Topic(models.TextChoices):
    """The topics this app delivers itself; other apps may register more handlers."""

    PORTAL_STATUS_SYNC = "portal.status_sync", _("Đồng bộ trạng thái với Cổng Dịch vụ công quốc gia")
    NOTIFY_EMAIL = "notify.email", _("Thư điện tử")
    NOTIFY_SMS = "notify.sms", _("Tin nhắn SMS")


class SmsBackend(models.TextChoices):
    LOG = "log", _("Ghi nhật ký (không gửi)")
    HTTP = "http", _("Cổng SMS qua HTTP")
