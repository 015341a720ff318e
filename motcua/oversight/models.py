"""Inspection campaigns, working groups, visits, findings, recommendations and their follow-up,
and the support channel between localities and the Ministry's units.

Rows of the campaign itself (visits, figures, difficulties) are corrected by re-import or by
the admin; a recommendation changes only through `actions.recommendation_<verb>`, each change
leaving an immutable `RecommendationEvent` written in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.geo.models import Commune, Province
from motcua.org.models import Agency
from motcua.oversight.choices import (
    AddresseeKind,
    EventKind,
    Field,
    FigureKind,
    FindingKind,
    RecommendationStatus,
    ReminderKind,
    Theme,
    ThreadStatus,
    Unit,
    VenueKind,
)


class Campaign(models.Model):
    """An inspection campaign (đợt kiểm tra): who organised it, on what legal basis, when.

    `planned_groups` and `planned_localities` are the published figures (12 groups, 34
    localities in 2025); the register holds the groups and visits documented so far.
    """

    code = models.SlugField(_("mã"), max_length=100, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    organiser = models.CharField(_("cơ quan tổ chức"), max_length=255)
    organiser_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    purpose = models.TextField(_("mục đích"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    planned_groups = models.PositiveSmallIntegerField(_("số đoàn công tác"), null=True, blank=True)
    planned_localities = models.PositiveSmallIntegerField(_("số địa phương"), null=True, blank=True)
    synthesis_published_on = models.DateField(_("ngày công bố báo cáo tổng hợp"), null=True, blank=True)
    synthesis_presented_by = models.CharField(_("người trình bày báo cáo tổng hợp"), max_length=255, blank=True)
    synthesis_source = models.CharField(_("nguồn báo cáo tổng hợp"), max_length=500, blank=True)
    sources = models.JSONField(_("nguồn"), default=dict, blank=True)
    about = models.TextField(_("ghi chú về dữ liệu"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="oversight_campaign_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def source_text(self, key: str) -> str:
        return str(self.sources.get(key, key)) if key else ""


class WorkingGroup(models.Model):
    """A working group (đoàn công tác) of a campaign, with its members and assigned provinces."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="groups", verbose_name=_("đợt kiểm tra")
    )
    code = models.SlugField(_("mã"), max_length=100)
    number = models.PositiveSmallIntegerField(_("số hiệu"), null=True, blank=True)
    name = models.CharField(_("tên"), max_length=255)
    provinces = models.ManyToManyField(
        Province, blank=True, related_name="+", verbose_name=_("địa phương được phân công")
    )

    class Meta:
        ordering = ["campaign_id", "number", "code"]
        verbose_name = _("đoàn công tác")
        verbose_name_plural = _("đoàn công tác")
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="oversight_group_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def head(self) -> GroupMember | None:
        return next((m for m in self.members.all() if m.is_head), None)


class GroupMember(models.Model):
    """A member of a working group, with the ministry unit they come from."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("đoàn"))
    name = models.CharField(_("họ và tên"), max_length=255)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    is_head = models.BooleanField(_("trưởng đoàn"), default=False)

    class Meta:
        ordering = ["-is_head", "name"]
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="oversight_member_unique"),
            models.UniqueConstraint(
                fields=["group"], condition=models.Q(is_head=True), name="oversight_member_one_head"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A working group's visit to a province: date, venues, local reporters, minutes."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="visits", verbose_name=_("đợt kiểm tra")
    )
    key = models.SlugField(_("khóa"), max_length=64)
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits", verbose_name=_("đoàn")
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    province_code = models.CharField(_("mã tỉnh"), max_length=2, db_index=True)
    visited_on = models.DateField(pgettext_lazy("oversight", "ngày làm việc"), null=True, blank=True)
    ministry_units_present = models.PositiveSmallIntegerField(_("số đơn vị thuộc Bộ tham gia"), null=True, blank=True)
    responses = models.TextField(_("cách trả lời kiến nghị"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        ordering = ["campaign_id", "visited_on", "province_code"]
        verbose_name = _("chuyến làm việc")
        verbose_name_plural = _("chuyến làm việc")
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="oversight_visit_key_unique")]
        indexes = [models.Index(fields=["province_code", "visited_on"], name="oversight_visit_province_date")]

    def __str__(self) -> str:
        return f"{self.province} — {self.visited_on or '?'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_code = self.province.code
        super().save(*args, **kwargs)


class Venue(models.Model):
    """Where the group worked during a visit: the provincial centre, a named commune, or else."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="venues", verbose_name=_("chuyến làm việc"))
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(pgettext_lazy("oversight", "loại"), max_length=24, choices=VenueKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("xã")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cơ quan")
    )

    class Meta:
        ordering = ["visit_id", "position"]
        verbose_name = _("địa điểm làm việc")
        verbose_name_plural = _("địa điểm làm việc")
        constraints = [models.UniqueConstraint(fields=["visit", "position"], name="oversight_venue_position_unique")]

    def __str__(self) -> str:
        return self.commune.name if self.commune_id and self.commune else self.name


class Reporter(models.Model):
    """A local official who reported to the group (báo cáo viên của địa phương)."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="reporters", verbose_name=_("chuyến làm việc")
    )
    name = models.CharField(_("họ và tên"), max_length=255)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cơ quan")
    )

    class Meta:
        ordering = ["visit_id", "name"]
        verbose_name = _("người báo cáo")
        verbose_name_plural = _("người báo cáo")
        constraints = [models.UniqueConstraint(fields=["visit", "name"], name="oversight_reporter_unique")]

    def __str__(self) -> str:
        return self.name


class Minutes(models.Model):
    """The minutes (biên bản) of a visit; signed copies and annexes are its attachments."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("chuyến làm việc")
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    number = models.CharField(_("số biên bản"), max_length=64, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        ordering = ["visit_id", "created_at", "pk"]
        verbose_name = _("biên bản")
        verbose_name_plural = _("biên bản")

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """A file of the minutes, kept under MEDIA_ROOT; its type was checked from its content."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("biên bản")
    )
    file = models.FileField(_("tệp"), upload_to="oversight/minutes/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("kích thước"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)

    class Meta:
        ordering = ["minutes_id", "uploaded_at", "pk"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class KeyFigure(models.Model):
    """A typed key figure with its unit. `visit` null = a figure of the campaign's national
    synthesis (e.g. records processed locally during the visits, by field)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="figures", verbose_name=_("đợt kiểm tra")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("chuyến làm việc"),
    )
    key = models.SlugField(_("khóa"), max_length=80)
    kind = models.CharField(_("loại chỉ tiêu"), max_length=16, choices=FigureKind.choices)
    field = models.CharField(_("lĩnh vực"), max_length=40, choices=Field.choices, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=16, choices=Unit.choices)
    at_least = models.BooleanField(_("giá trị tối thiểu (trên)"), default=False)
    period = models.CharField(_("kỳ số liệu"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["campaign_id", "visit_id", "position"]
        verbose_name = _("số liệu chính")
        verbose_name_plural = _("số liệu chính")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "key", "field"],
                condition=models.Q(visit__isnull=False),
                name="oversight_figure_visit_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "key", "field"],
                condition=models.Q(visit__isnull=True),
                name="oversight_figure_campaign_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Finding(models.Model):
    """A qualitative finding: an achievement, a delegation decision, an integration, guidance."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="findings", verbose_name=_("đợt kiểm tra")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("chuyến làm việc"),
    )
    kind = models.CharField(pgettext_lazy("oversight", "loại"), max_length=16, choices=FindingKind.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(pgettext_lazy("oversight", "nội dung"))
    reference = models.CharField(_("số hiệu văn bản"), max_length=64, blank=True)
    dated_on = models.DateField(pgettext_lazy("oversight", "ngày"), null=True, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        ordering = ["campaign_id", "visit_id", "kind", "position"]
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "kind", "position"],
                condition=models.Q(visit__isnull=False),
                name="oversight_finding_visit_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "kind", "position"],
                condition=models.Q(visit__isnull=True),
                name="oversight_finding_campaign_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Difficulty(models.Model):
    """A difficulty (khó khăn, vướng mắc) with its theme and optional field. `visit` null = one
    of the common difficulties of the national synthesis."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="difficulties", verbose_name=_("đợt kiểm tra")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="difficulties",
        verbose_name=_("chuyến làm việc"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    theme = models.CharField(pgettext_lazy("oversight", "chủ đề"), max_length=24, choices=Theme.choices)
    field = models.CharField(_("lĩnh vực"), max_length=40, choices=Field.choices, blank=True)
    text = models.TextField(pgettext_lazy("oversight", "nội dung"))

    class Meta:
        ordering = ["campaign_id", "visit_id", "position"]
        verbose_name = _("khó khăn, vướng mắc")
        verbose_name_plural = _("khó khăn, vướng mắc")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "position"],
                condition=models.Q(visit__isnull=False),
                name="oversight_difficulty_visit_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "position"],
                condition=models.Q(visit__isnull=True),
                name="oversight_difficulty_campaign_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationGroup(models.Model):
    """Similar recommendations from several localities, linked and followed as one."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recommendation_groups", verbose_name=_("đợt kiểm tra")
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        ordering = ["campaign_id", "title", "pk"]
        verbose_name = _("nhóm kiến nghị")
        verbose_name_plural = _("nhóm kiến nghị")

    def __str__(self) -> str:
        return self.title


class Recommendation(models.Model):
    """A recommendation (kiến nghị) and its follow-up. `province` null = a national one (from
    the synthesis). Status changes only through the actions; `version` guards concurrent edits."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("đợt kiểm tra")
    )
    key = models.SlugField(_("khóa"), max_length=64)
    visit = models.ForeignKey(
        Visit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("chuyến làm việc"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tỉnh")
    )
    # Indexed through oversight_rec_province_status (province_code, status).
    province_code = models.CharField(_("mã tỉnh"), max_length=2, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    addressee_kind = models.CharField(_("gửi tới"), max_length=16, choices=AddresseeKind.choices)
    addressee_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan nhận kiến nghị"),
    )
    addressee_name = models.CharField(_("tên cơ quan nhận kiến nghị"), max_length=255, blank=True)
    co_addressees = models.JSONField(_("đồng gửi tới"), default=list, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=40, choices=Field.choices, blank=True)
    theme = models.CharField(pgettext_lazy("oversight", "chủ đề"), max_length=24, choices=Theme.choices, blank=True)
    text = models.TextField(pgettext_lazy("oversight", "nội dung"))
    on_site_answer = models.TextField(_("trả lời tại chỗ"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.RECORDED
    )
    assigned_unit = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị chủ trì")
    )
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    resolution_reference = models.CharField(_("văn bản, thay đổi kết quả"), max_length=255, blank=True)
    resolution_url = models.URLField(_("liên kết kết quả"), blank=True)
    declined_reason = models.TextField(_("lý do không tiếp thu"), blank=True)
    group = models.ForeignKey(
        RecommendationGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("nhóm kiến nghị"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        ordering = ["campaign_id", "province_code", "position", "pk"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="oversight_recommendation_key_unique"),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="oversight_recommendation_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["assigned", "in_progress"])
                | (models.Q(assigned_unit__isnull=False) & models.Q(due_on__isnull=False)),
                name="oversight_recommendation_assigned_has_unit_and_due",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="oversight_rec_status_due"),
            models.Index(fields=["province_code", "status"], name="oversight_rec_province_status"),
            # The list pages by campaign in keyset (pk) order.
            models.Index(fields=["campaign", "id"], name="oversight_rec_campaign_pk"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_code = self.province.code if self.province_id and self.province else ""
        super().save(*args, **kwargs)

    @property
    def addressee_label(self) -> str:
        if self.addressee_agency_id and self.addressee_agency:
            return self.addressee_agency.name
        if self.addressee_name:
            return self.addressee_name
        return str(self.get_addressee_kind_display())


class RecommendationEvent(models.Model):
    """One change of a recommendation: who, when, from which status to which, and why.
    Immutable: rows are only ever inserted (corrections are new events)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="events", verbose_name=_("kiến nghị")
    )
    kind = models.CharField(pgettext_lazy("oversight", "loại"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    occurred_on = models.DateField(_("ngày diễn ra"), null=True, blank=True)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=RecommendationStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=RecommendationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        ordering = ["recommendation_id", "pk"]
        verbose_name = _("sự kiện kiến nghị")
        verbose_name_plural = _("sự kiện kiến nghị")

    def __str__(self) -> str:
        return f"{self.kind} {self.from_status}→{self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("recommendation events are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("recommendation events are immutable")


class Reminder(models.Model):
    """A reminder that a followed recommendation is due soon or overdue: at most one per
    recommendation, kind and day. `delivered_at`: when the unit's e-mail was handed to the
    outbox (delivered at least once by the worker); empty when nobody there has an address."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("kiến nghị")
    )
    kind = models.CharField(pgettext_lazy("oversight", "loại"), max_length=16, choices=ReminderKind.choices)
    on = models.DateField(_("ngày nhắc"))
    due_on = models.DateField(_("hạn xử lý"))
    days = models.IntegerField(_("số ngày (âm: đã quá)"))
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được nhắc"))
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    delivered_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-on", "recommendation_id"]
        verbose_name = _("nhắc hạn")
        verbose_name_plural = _("nhắc hạn")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "kind", "on"], name="oversight_reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class ContactPoint(models.Model):
    """A ministry official who handles a field or procedure: the directory localities asked for."""

    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    field = models.CharField(_("lĩnh vực"), max_length=40, choices=Field.choices)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32, blank=True)
    name = models.CharField(_("họ và tên"), max_length=255)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại công vụ"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)
    hours = models.CharField(_("thời gian hỗ trợ"), max_length=100, blank=True)
    active = models.BooleanField(_("đang hỗ trợ"), default=True)

    class Meta:
        ordering = ["field", "procedure_code", "name"]
        verbose_name = _("đầu mối hỗ trợ")
        verbose_name_plural = _("đầu mối hỗ trợ")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "field", "procedure_code", "name"], name="oversight_contact_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SupportThread(models.Model):
    """A question from a locality to a ministry unit, by field: messages, assignment, targets,
    and once answered, an optional published entry of the knowledge base."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    province_code = models.CharField(_("mã tỉnh"), max_length=2, db_index=True)
    asking_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan hỏi"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người hỏi")
    )
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được hỏi"))
    field = models.CharField(_("lĩnh vực"), max_length=40, choices=Field.choices)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người được phân công"),
    )
    opened_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    first_response_due_at = models.DateTimeField(_("hạn phản hồi đầu tiên"))
    answer_due_at = models.DateTimeField(_("hạn trả lời"))
    first_response_at = models.DateTimeField(_("phản hồi đầu tiên lúc"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    kb_question = models.TextField(_("câu hỏi công bố"), blank=True)
    kb_answer = models.TextField(_("câu trả lời công bố"), blank=True)
    kb_search = models.TextField(
        blank=True, help_text="fold(question + answer + subject) for accent-insensitive search"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("câu hỏi hỗ trợ")
        verbose_name_plural = _("câu hỏi hỗ trợ")
        indexes = [
            models.Index(fields=["unit", "status"], name="oversight_thread_unit_status"),
            models.Index(fields=["province_code", "opened_at"], name="oversight_thread_province"),
        ]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.province_code = self.province.code
        super().save(*args, **kwargs)


class SupportMessage(models.Model):
    """A message in a support thread; `internal` notes are seen by the ministry side only."""

    thread = models.ForeignKey(
        SupportThread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("câu hỏi")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người viết")
    )
    from_ministry = models.BooleanField(_("phía Bộ"), default=False)
    internal = models.BooleanField(_("ghi chú nội bộ"), default=False)
    body = models.TextField(pgettext_lazy("oversight", "nội dung"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        ordering = ["thread_id", "created_at", "pk"]
        verbose_name = _("tin nhắn hỗ trợ")
        verbose_name_plural = _("tin nhắn hỗ trợ")

    def __str__(self) -> str:
        return self.body[:60]
