"""The procedure catalogue: fields, procedures, their versions with legal metadata, and the
internal process of each version.

A `Procedure` is only a stable identity (national code, local code). Everything legal lives on
a `ProcedureVersion`: a draft can be edited freely; a published version is frozen (actions and
the admin refuse changes) so that a dossier which pinned it keeps the rules it started with.
Publishing a new version retires the previous one the day before the new one takes effect.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.choices import (
    CopyType,
    FeeMoment,
    OnlineLevel,
    ProvinceLevel,
    Requirement,
    Stage,
    TimeUnit,
    UnitKind,
    VersionStatus,
)
from motcua.geo.models import Province
from motcua.org.choices import AgencyKind, Level, Role


class Field(models.Model):
    """A field (lĩnh vực) of state management, e.g. "Viễn thông". `code` is a stable slug other
    apps match on (`telecommunications`); `ministry` marks the ten fields of the Ministry of
    Science and Technology (Decree 55/2025/ND-CP)."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    ministry = models.BooleanField(_("lĩnh vực của Bộ KH&CN"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure's stable identity: its national code (`1.004xxx`, the code of
    the national procedure database) and optional local code. Names and rules are on versions."""

    code = models.CharField(_("mã thủ tục"), max_length=32, unique=True)
    local_code = models.CharField(_("mã địa phương"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return self.code


class ProcedureVersion(models.Model):
    """One version of a procedure's legal metadata, valid from `valid_from` to `valid_to`
    (both inclusive; open-ended when empty). Status: draft → published → retired. At most one
    version of a procedure is `published`; retired versions keep their window for dossiers
    that pinned them. `sample` marks data not taken from a legal source (demo data)."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("thủ tục")
    )
    number = models.PositiveIntegerField(_("số phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )

    name = models.CharField(_("tên thủ tục"), max_length=500)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=500, blank=True)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("lĩnh vực"))
    level_ministry = models.BooleanField(_("cấp bộ thực hiện"), default=False)
    level_province = models.BooleanField(_("cấp tỉnh thực hiện"), default=False)
    level_commune = models.BooleanField(_("cấp xã thực hiện"), default=False)
    competent_body_kind = models.CharField(_("loại cơ quan có thẩm quyền"), max_length=24, choices=AgencyKind.choices)
    competent_body_name = models.CharField(_("cơ quan có thẩm quyền"), max_length=255, blank=True)
    time_limit_value = models.DecimalField(_("thời hạn giải quyết"), max_digits=7, decimal_places=2)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    boundary_free = models.BooleanField(_("tiếp nhận không phụ thuộc địa giới hành chính"), default=False)
    bound_to_applicant_commune = models.BooleanField(_("gắn với xã của người nộp"), default=False)
    for_citizens = models.BooleanField(_("đối tượng: công dân"), default=True)
    for_businesses = models.BooleanField(_("đối tượng: doanh nghiệp, tổ chức"), default=False)
    summary = models.TextField(_("trình tự, cách thức thực hiện"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Không lấy từ văn bản pháp lý; chỉ dùng để trình diễn.")
    )
    source = models.CharField(_("nguồn dữ liệu"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        ordering = ["procedure__code", "-number"]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(status="published"),
                name="catalog_version_one_published",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="catalog_version_valid_window",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(valid_from__isnull=False),
                name="catalog_version_published_has_valid_from",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit_value__gte=0), name="catalog_version_time_limit_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(level_ministry=True) | models.Q(level_province=True) | models.Q(level_commune=True),
                name="catalog_version_has_a_level",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_from"], name="catalog_version_status_from"),
            models.Index(fields=["field", "status"], name="catalog_version_field_status"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def levels(self) -> list[str]:
        """Implementing levels in order: ministry, province, commune."""
        return [
            lvl
            for lvl, on in (
                (Level.MINISTRY.value, self.level_ministry),
                (Level.PROVINCE.value, self.level_province),
                (Level.COMMUNE.value, self.level_commune),
            )
            if on
        ]

    @property
    def applicant_types(self) -> list[str]:
        return [t for t, on in (("citizen", self.for_citizens), ("business", self.for_businesses)) if on]

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def is_valid_on(self, day: datetime.date) -> bool:
        if self.status == VersionStatus.DRAFT or self.valid_from is None:
            return False
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class LegalBasis(models.Model):
    """A legal document a version rests on (căn cứ pháp lý): number, date, title."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Fee(models.Model):
    """A fee or charge (phí, lệ phí) in VND, paid at a moment of the Portal's code list (1/2/4)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    moment = models.PositiveSmallIntegerField(
        _("thời điểm nộp"), choices=FeeMoment.choices, default=FeeMoment.AT_RECEPTION
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đ"


class RequiredDocument(models.Model):
    """A component of the dossier (thành phần hồ sơ): original or copy, how many, required or
    only under a condition, and the kind of e-data that can stand in for it (Decree 118 Art. 17:
    documents already held as valid e-data are not asked for again)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    copy_type = models.CharField(_("loại bản"), max_length=20, choices=CopyType.choices, default=CopyType.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    requirement = models.CharField(
        _("bắt buộc"), max_length=16, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    condition = models.CharField(_("điều kiện"), max_length=500, blank=True)
    edata_type = models.CharField(_("loại dữ liệu điện tử thay thế"), max_length=64, blank=True)
    form = models.CharField(_("mẫu đơn, tờ khai"), max_length=255, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        constraints = [models.CheckConstraint(condition=models.Q(copies__gte=1), name="catalog_document_copies_gte_1")]

    def __str__(self) -> str:
        return self.name


class ResultType(models.Model):
    """A kind of result (kết quả giải quyết). Its code, after the holder's ID number, forms the
    e-result's document code (Decree 118 Art. 22)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="result_types")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã kết quả"), max_length=32)
    name = models.CharField(_("tên kết quả"), max_length=500)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="catalog_result_type_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ProcessStep(models.Model):
    """One step of a version's internal process (quy trình nội bộ, Decree 118 Art. 12.3): in a
    stage, done by a kind of unit and a role, within a time budget. Budgets add up to the
    statutory time; the last step (return the result) takes 0 — checked when publishing."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    stage = models.CharField(_("giai đoạn"), max_length=16, choices=Stage.choices)
    name = models.CharField(_("nội dung công việc"), max_length=500)
    unit_kind = models.CharField(_("đơn vị thực hiện"), max_length=24, choices=UnitKind.choices)
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices)
    time_value = models.DecimalField(_("thời gian"), max_digits=7, decimal_places=2, default=Decimal("0"))
    time_unit = models.CharField(
        _("đơn vị thời gian"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("quy trình nội bộ")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="catalog_step_position_unique"),
            models.CheckConstraint(condition=models.Q(time_value__gte=0), name="catalog_step_time_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class CatalogRevision(models.Model):
    """A single counter bumped by every committed catalogue change, so each process can tell
    cheaply whether its in-memory search index is stale (one row, id=1)."""

    revision = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phiên bản danh mục")
        verbose_name_plural = _("phiên bản danh mục")

    def __str__(self) -> str:
        return f"r{self.revision}"


class ProvinceProcedure(models.Model):
    """One procedure of a province's own published list (danh mục TTHC của tỉnh): the facts the
    Portal keeps per province and the Decision 766 indicators count — online level, whether it
    is eligible for full-online, online payment, fees, population-database connection, and the
    transparency facts of indicators 1.1–1.3 (unknown until a list says so).

    `procedure_code` is the national code; `procedure` links it to our catalogue when we have
    it (most of a province's list lies outside the S&T catalogue). A province's list is
    replaced as a whole by `motcua catalog province-import`; a province without one is
    answered from the national catalogue (`selectors.province_procedures`). `sample` marks
    rows not taken from a published list."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="catalogue_procedures", verbose_name=_("tỉnh")
    )
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32)
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="province_entries",
        verbose_name=_("thủ tục trong danh mục"),
    )
    name = models.CharField(_("tên thủ tục"), max_length=1000)
    field = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=ProvinceLevel.choices)
    boundary_free = models.BooleanField(_("tiếp nhận không phụ thuộc địa giới hành chính"), default=False)
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    full_online_eligible = models.BooleanField(_("đủ điều kiện trực tuyến toàn trình"), default=False)
    online_payment = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    has_fee = models.BooleanField(_("có phí, lệ phí"), default=False)
    connected_population_db = models.BooleanField(_("kết nối cơ sở dữ liệu quốc gia về dân cư"), default=False)
    published_on_time = models.BooleanField(_("công bố đúng hạn"), null=True, blank=True)
    public_on_time = models.BooleanField(_("công khai đúng hạn"), null=True, blank=True)
    complete_content = models.BooleanField(_("công khai đầy đủ nội dung"), null=True, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=500, blank=True)
    sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Không lấy từ văn bản pháp lý; chỉ dùng để trình diễn.")
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        ordering = ["province__code", "procedure_code"]
        verbose_name = _("thủ tục trong danh mục của tỉnh")
        verbose_name_plural = _("danh mục thủ tục của tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["province", "procedure_code"], name="catalog_province_procedure_unique"),
            models.CheckConstraint(
                condition=~models.Q(online_level="full") | models.Q(full_online_eligible=True),
                name="catalog_province_procedure_full_is_eligible",
            ),
            models.CheckConstraint(
                condition=models.Q(online_payment=False) | models.Q(has_fee=True),
                name="catalog_province_procedure_payment_needs_fee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_code} — {self.name}"
