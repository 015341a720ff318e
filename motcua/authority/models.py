"""Who is competent for each procedure, and the decisions that move competence.

`Competence` is the statutory answer per procedure version and level (which kind of body, as a
collective or through its head). `Decision` records a decentralisation, authorisation or
devolution with its dates; decisions are never edited or deleted in substance: an amendment or a
revocation is a new record linked to its target, which then stops the day before (`ends_on`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.authority.choices import DecisionKind, Holder, Relation, Scope
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.geo.models import Province
from motcua.org.choices import AgencyKind, Level
from motcua.org.models import Agency


class Competence(models.Model):
    """Statutory competence (thẩm quyền theo quy định) for one procedure version at one level:
    the kind of body that decides, whether the body as a collective or its head holds it, and
    the legal act that says so. `agency` pins a particular body where the kind alone is not
    enough (a ministry unit). `sample` marks data not taken from a legal text."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="competences", verbose_name=_("phiên bản thủ tục")
    )
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=Level.choices)
    body_kind = models.CharField(_("cơ quan có thẩm quyền"), max_length=24, choices=AgencyKind.choices)
    holder = models.CharField(_("chủ thể thẩm quyền"), max_length=8, choices=Holder.choices, default=Holder.BODY)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan cụ thể"),
        help_text=_("Chỉ dùng khi loại cơ quan chưa đủ xác định (đơn vị thuộc Bộ)."),
    )
    legal_number = models.CharField(_("số hiệu văn bản quy định"), max_length=64)
    legal_issued_on = models.DateField(_("ngày ban hành văn bản"), null=True, blank=True)
    legal_title = models.CharField(_("trích yếu văn bản"), max_length=500, blank=True)
    legal_article = models.CharField(_("điều, khoản"), max_length=128, blank=True)
    sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    source = models.CharField(_("nguồn dữ liệu"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        ordering = ["version", "level"]
        verbose_name = _("thẩm quyền theo quy định")
        verbose_name_plural = _("thẩm quyền theo quy định")
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="authority_competence_version_level"),
        ]

    def __str__(self) -> str:
        return f"{self.version.procedure.code} v{self.version.number} [{self.level}] {self.get_body_kind_display()}"

    @property
    def signer_title(self) -> str:
        """The statutory signer's title ("Chủ tịch", "Giám đốc", "Cục trưởng")."""
        from motcua.authority import rules

        return rules.office_of(self.body_kind, self.agency.name if self.agency_id and self.agency else "").head

    @property
    def signature_wording(self) -> str:
        """The block above the signature under statutory competence ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")."""
        from motcua.authority import rules

        name = self.agency.name if self.agency_id and self.agency else ""
        return rules.own_signature(rules.Party(self.body_kind, self.holder, name)).wording


class Decision(models.Model):
    """A decision that moves competence (quyết định phân cấp, ủy quyền, phân quyền): who issued
    it, from whom to whom, for which procedures (a list or a whole field), where (a province, or
    nationwide for decrees) and from/to when. `relation` and `target` link an amendment or a
    revocation to the decision it changes; `ends_on` is the last day it is in effect, the earlier
    of its own `valid_to` and the day before its successor starts (kept by the actions)."""

    number = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=DecisionKind.choices)
    title = models.CharField(_("trích yếu"), max_length=500)
    from_kind = models.CharField(_("từ cơ quan"), max_length=24, choices=AgencyKind.choices)
    from_holder = models.CharField(_("từ chủ thể"), max_length=8, choices=Holder.choices, default=Holder.BODY)
    to_kind = models.CharField(_("cho cơ quan"), max_length=24, choices=AgencyKind.choices)
    to_holder = models.CharField(_("cho chủ thể"), max_length=8, choices=Holder.choices, default=Holder.HEAD)
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope.choices, default=Scope.PROCEDURES)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lĩnh vực")
    )
    scope_note = models.CharField(_("mô tả phạm vi"), max_length=500, blank=True)
    declared_procedure_count = models.PositiveIntegerField(
        _("số thủ tục theo quyết định"),
        null=True,
        blank=True,
        help_text=_("Số thủ tục ghi trong quyết định, kể cả khi danh mục chưa được nhập đủ."),
    )
    procedures: models.ManyToManyField[Procedure, DecisionProcedure] = models.ManyToManyField(
        Procedure, through="DecisionProcedure", related_name="authority_decisions", verbose_name=_("thủ tục")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tỉnh, thành phố"),
        help_text=_("Để trống nếu áp dụng toàn quốc (nghị định, thông tư)."),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    ends_on = models.DateField(_("ngày cuối còn hiệu lực"), null=True, blank=True, editable=False)
    relation = models.CharField(_("quan hệ"), max_length=8, choices=Relation.choices, default=Relation.ORIGINAL)
    target = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("văn bản được sửa đổi, bãi bỏ"),
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    signed_file = models.FileField(_("tệp văn bản đã ký"), upload_to="authority/decisions/%Y/", blank=True)
    sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Một phần nội dung (như danh mục thủ tục) là dữ liệu mẫu.")
    )
    sample_note = models.CharField(_("ghi chú dữ liệu mẫu"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("quyết định phân cấp, ủy quyền")
        verbose_name_plural = _("quyết định phân cấp, ủy quyền")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="authority_decision_valid_window",
            ),
            models.CheckConstraint(
                condition=(models.Q(relation="original") & models.Q(target__isnull=True))
                | (~models.Q(relation="original") & models.Q(target__isnull=False)),
                name="authority_decision_target_iff_amending",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="field") | models.Q(field__isnull=False),
                name="authority_decision_field_scope_has_field",
            ),
            models.UniqueConstraint(
                fields=["province", "number", "issued_on"], name="authority_decision_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["province", "valid_from"], name="authority_decision_prov_from"),
            models.Index(fields=["field", "province"], name="authority_decision_field_prov"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"

    @property
    def nationwide(self) -> bool:
        return self.province_id is None

    def clean(self) -> None:
        """Checks that need only this row (any form gets them); overlaps with other decisions
        need the procedure list and are checked by `actions.validate_decision`."""
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.valid_from and self.issued_on and self.valid_from < self.issued_on:
            errors["valid_from"] = str(_("Ngày có hiệu lực không được trước ngày ban hành."))
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = str(_("Ngày hết hiệu lực phải sau ngày có hiệu lực."))
        if self.relation != Relation.ORIGINAL and self.target_id is None:
            errors["target"] = str(_("Cần chọn văn bản được sửa đổi, bãi bỏ."))
        if self.relation == Relation.ORIGINAL and self.target_id is not None:
            errors["relation"] = str(_("Văn bản gốc không sửa đổi, bãi bỏ văn bản nào: hãy chọn quan hệ."))
        if self.scope == Scope.FIELD and self.field_id is None:
            errors["field"] = str(_("Cần chọn lĩnh vực có trong danh mục."))
        if (self.from_kind, self.from_holder) == (self.to_kind, self.to_holder):
            errors["to_kind"] = str(_("Bên nhận phải khác bên giao."))
        if errors:
            raise ValidationError(errors)

    def is_in_effect(self, day: datetime.date) -> bool:
        if self.relation == Relation.REVOKES:
            return False
        return self.valid_from <= day and (self.ends_on is None or day <= self.ends_on)


class DecisionProcedure(models.Model):
    """A procedure a decision covers. `sample` marks a link chosen for demonstration because
    the decision's exact list is not available (the decision itself is real)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links")
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="authority_links", verbose_name=_("thủ tục")
    )
    sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["decision", "procedure__code"]
        verbose_name = _("thủ tục thuộc quyết định")
        verbose_name_plural = _("thủ tục thuộc quyết định")
        constraints = [
            models.UniqueConstraint(fields=["decision", "procedure"], name="authority_link_unique"),
        ]
        indexes = [models.Index(fields=["procedure", "decision"], name="authority_link_procedure")]

    def __str__(self) -> str:
        return f"{self.decision} — {self.procedure}"
