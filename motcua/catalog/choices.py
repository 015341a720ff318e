"""Enums of the procedure catalogue, with Vietnamese labels (English in the locale catalogue).

Codes that the National Public Service Portal also uses keep its numbers (fee moment 1/2/4).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đang áp dụng")
    RETIRED = "retired", _("Hết hiệu lực")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Doanh nghiệp, tổ chức")


class FeeMoment(models.IntegerChoices):
    """When a fee is paid (the Portal's codes)."""

    AT_RECEPTION = 1, _("Khi nộp hồ sơ")
    AT_SUPPLEMENT = 2, _("Khi bổ sung hồ sơ")
    AT_RESULT = 4, _("Khi nhận kết quả")


class CopyType(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Bắt buộc")
    CONDITIONAL = "conditional", _("Có điều kiện")


class Stage(models.TextChoices):
    """Stages that group the steps of an internal process, in their usual order."""

    RECEPTION = "reception", pgettext_lazy("process stage", "Tiếp nhận")
    APPRAISAL = "appraisal", _("Thẩm định, xử lý")
    APPROVAL = "approval", pgettext_lazy("process stage", "Phê duyệt")
    ISSUANCE = "issuance", _("Ban hành kết quả")
    RETURN = "return", pgettext_lazy("process stage", "Trả kết quả")


class UnitKind(models.TextChoices):
    """The kind of unit responsible for a process step (resolved to a real unit by `authority`)."""

    ONE_STOP = "one_stop", _("Bộ phận Một cửa")
    SPECIALIST_DIVISION = "specialist_division", _("Phòng chuyên môn")
    LEADERSHIP = "leadership", _("Lãnh đạo cơ quan")
    CLERICAL = "clerical", _("Văn thư")
    COORDINATING_AGENCY = "coordinating_agency", _("Cơ quan phối hợp")
    APPRAISAL_COUNCIL = "appraisal_council", _("Hội đồng thẩm định")


# The Portal's copy type (LoaiBan): 0 original, 1 copy, 2 electronic.
PORTAL_COPY_TYPE = {
    CopyType.ORIGINAL: 0,
    CopyType.COPY: 1,
    CopyType.CERTIFIED_COPY: 1,
    CopyType.ORIGINAL_OR_COPY: 1,
}


class ProvinceLevel(models.TextChoices):
    """The level that implements a procedure in a province's own list (two-level government)."""

    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
