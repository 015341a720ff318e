"""Enums of the oversight app, with Vietnamese labels (English in the locale catalogue).

Field codes are plain strings shared with the catalogue app by convention (same codes, no
import), so oversight stays independent of `motcua.catalog`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Field(models.TextChoices):
    """The Ministry of Science and Technology's fields of state management (lĩnh vực)."""

    QUALITY_MEASUREMENT_STANDARDS = "quality_measurement_standards", _("Tiêu chuẩn, đo lường, chất lượng")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Sở hữu trí tuệ")
    RADIATION_NUCLEAR_SAFETY = "radiation_nuclear_safety", _("An toàn bức xạ và hạt nhân")
    RADIO_FREQUENCIES = "radio_frequencies", _("Tần số vô tuyến điện")
    SCIENCE_TECHNOLOGY = "science_technology", _("Hoạt động khoa học và công nghệ")
    TELECOMMUNICATIONS = "telecommunications", _("Viễn thông và Internet")
    POSTAL_SERVICES = "postal_services", _("Bưu chính")
    INFORMATION_TECHNOLOGY = "information_technology", _("Công nghệ thông tin")
    ELECTRONIC_TRANSACTIONS = "electronic_transactions", _("Giao dịch điện tử")
    DIGITAL_TRANSFORMATION = "digital_transformation", _("Chuyển đổi số")


class Theme(models.TextChoices):
    """What a difficulty (khó khăn, vướng mắc) or recommendation is about."""

    INFRASTRUCTURE = "infrastructure", _("Hạ tầng, trang thiết bị")
    HUMAN_RESOURCES = "human_resources", _("Nhân lực")
    LEGAL = "legal", _("Thể chế, pháp lý")
    DATA_CONNECTIVITY = "data_connectivity", _("Kết nối, chia sẻ dữ liệu")
    SOFTWARE = "software", _("Phần mềm, hệ thống thông tin")
    WORKLOAD = "workload", _("Khối lượng công việc, quá tải")
    AWARENESS = "awareness", _("Nhận thức")
    BUDGET = "budget", _("Kinh phí")
    ADOPTION = "adoption", _("Mức độ sử dụng dịch vụ")
    CAPACITY = "capacity", _("Năng lực thẩm định, xử lý")


class AddresseeKind(models.TextChoices):
    GOVERNMENT = "government", _("Chính phủ")
    MINISTRY = "ministry", _("Bộ, ngành")
    MOST_UNIT = "most_unit", _("Đơn vị thuộc Bộ KH&CN")
    LOCALITY = "locality", _("Địa phương")


class RecommendationStatus(models.TextChoices):
    RECORDED = "recorded", _("Đã ghi nhận")
    ANSWERED_ON_SITE = "answered_on_site", _("Đã trả lời tại chỗ")
    ESCALATED = "escalated", _("Đã báo cáo Lãnh đạo Bộ")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    RESOLVED = "resolved", _("Đã giải quyết")
    DECLINED = "declined", _("Không tiếp thu")

    @classmethod
    def open(cls) -> set[str]:
        """Still waiting for an answer or a result."""
        return {cls.RECORDED, cls.ESCALATED, cls.ASSIGNED, cls.IN_PROGRESS}

    @classmethod
    def followed(cls) -> set[str]:
        """Assigned to a unit with a due date: the ones reminders watch."""
        return {cls.ASSIGNED, cls.IN_PROGRESS}


STATUS_BADGE: dict[str, str] = {
    RecommendationStatus.RECORDED: "secondary",
    RecommendationStatus.ANSWERED_ON_SITE: "success",
    RecommendationStatus.ESCALATED: "warning",
    RecommendationStatus.ASSIGNED: "info",
    RecommendationStatus.IN_PROGRESS: "primary",
    RecommendationStatus.RESOLVED: "success",
    RecommendationStatus.DECLINED: "dark",
}


class EventKind(models.TextChoices):
    RECORDED = "recorded", _("Ghi nhận")
    ANSWERED_ON_SITE = "answered_on_site", _("Trả lời tại chỗ")
    ESCALATED = "escalated", _("Báo cáo Lãnh đạo Bộ")
    ASSIGNED = "assigned", _("Giao xử lý")
    PROGRESS = "progress", _("Cập nhật tiến độ")
    RESOLVED = "resolved", _("Giải quyết xong")
    DECLINED = "declined", _("Không tiếp thu")
    GROUPED = "grouped", _("Gộp nhóm")
    UNGROUPED = "ungrouped", _("Tách khỏi nhóm")
    REMINDED = "reminded", _("Nhắc hạn")
    IMPORTED = "imported", _("Cập nhật từ dữ liệu nhập")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class FindingKind(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Kết quả đạt được")
    DELEGATION = "delegation", _("Quyết định ủy quyền, phân cấp")
    INTEGRATION = "integration", _("Kết nối, tích hợp")
    GUIDANCE = "guidance", _("Ý kiến chỉ đạo của Bộ")


class FigureKind(models.TextChoices):
    """What a key figure measures; the importer classifies the published keys (rules.py)."""

    RECEIVED = "received", pgettext_lazy("oversight", "Tiếp nhận")
    PROCESSED = "processed", _("Giải quyết")
    ON_TIME = "on_time", _("Đúng hạn")
    ONLINE = "online", _("Trực tuyến")
    TEAMS = "teams", _("Tổ, đội")
    MEMBERS = "members", _("Thành viên")
    UNITS = "units", _("Đơn vị hành chính")
    PROCEDURES = "procedures", _("Thủ tục hành chính")
    STAFF = "staff", _("Cán bộ, công chức")
    COVERAGE = "coverage", _("Phủ sóng, hạ tầng")
    SATISFACTION = "satisfaction", _("Mức độ hài lòng")
    OTHER = "other", _("Khác")


class Unit(models.TextChoices):
    RECORDS = "records", pgettext_lazy("oversight", "hồ sơ")
    PERCENT = "percent", _("%")
    PEOPLE = "people", _("người")
    TEAMS = "teams", _("tổ")
    UNITS = "units", _("đơn vị")
    PROCEDURES = "procedures", pgettext_lazy("oversight", "thủ tục")


class VenueKind(models.TextChoices):
    PROVINCIAL_CENTRE = "provincial_centre", _("Trung tâm Phục vụ hành chính công tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    OTHER = "other", _("Địa điểm khác")


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Mới gửi")
    ASSIGNED = "assigned", _("Đã phân công")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


THREAD_BADGE: dict[str, str] = {
    ThreadStatus.OPEN: "warning",
    ThreadStatus.ASSIGNED: "info",
    ThreadStatus.ANSWERED: "success",
    ThreadStatus.CLOSED: "secondary",
}
