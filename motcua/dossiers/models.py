"""The dossier aggregate: the dossier, its immutable events, documents, fees, results, the
daily code counters and paper-transfer tasks.

Every big table carries `province_code` and keeps a dossier's whole life inside its
province (DESIGN.md "Scale"): the schema is ready for partitioning and for Citus.
The dossier row is a cache of the fold of its events (`motcua.dossiers.replay`), kept in the
same transaction; a test rebuilds it from the events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.choices import Action, ApplicantKind, Channel, CopyKind, PaymentStatus, ResultKind, Status

if TYPE_CHECKING:
    from motcua.org.models import User


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, user: User) -> DossierQuerySet:
        """The only way a list of dossiers starts (STYLE.md §3): staff see the dossiers received
        or processed by an agency in their jurisdiction; citizens their own."""
        from motcua.org.access import visible_agency_ids

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_citizen", False):
            return self.filter(owner=user)
        ids = visible_agency_ids(user)
        if ids is None:
            return self.all()
        if not ids:
            return self.none()
        return self.filter(models.Q(receiving_agency_id__in=ids) | models.Q(processing_agency_id__in=ids))


class Dossier(models.Model):
    """One application for one procedure version (hồ sơ)."""

    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    code = models.CharField(_("mã hồ sơ"), max_length=40, null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=Status.choices, default=Status.SUBMITTED)
    channel = models.PositiveSmallIntegerField(_("kênh nộp"), choices=Channel.choices)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("thủ tục")
    )
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32)
    field_code = models.CharField(_("lĩnh vực"), max_length=64)
    receiving_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("nơi tiếp nhận"),
        db_index=False,  # dossiers_receiving_status leads with it
    )
    processing_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="processed_dossiers",
        verbose_name=_("cơ quan giải quyết"),
        db_index=False,  # dossiers_processing_status leads with it
    )
    competence = models.JSONField(_("thẩm quyền (ảnh chụp)"), default=dict, blank=True)
    routing_note = models.TextField(_("lý do điều phối"), blank=True)

    # Applicant (chủ hồ sơ)
    applicant_kind = models.CharField(_("loại người nộp"), max_length=16, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("họ tên / tên tổ chức"), max_length=255)
    search_name = models.CharField(max_length=255, blank=True, help_text="the name folded for accent-free search")
    applicant_id_number = models.CharField(_("số định danh"), max_length=12, blank=True)
    applicant_tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=16)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    # Not indexed: nothing looks dossiers up by the applicant's address, and places are never deleted.
    address_province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("tỉnh"), db_index=False
    )
    address_commune = models.ForeignKey(
        "geo.Commune", on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("xã"), db_index=False
    )
    address_detail = models.CharField(_("địa chỉ chi tiết"), max_length=255, blank=True)
    old_address = models.CharField(_("địa chỉ cũ"), max_length=300, blank=True)
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="own_dossiers",
        null=True,
        blank=True,
        verbose_name=_("tài khoản chủ hồ sơ"),
        db_index=False,  # dossiers_owner leads with it
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submitted_dossiers",
        verbose_name=_("người nộp"),
        db_index=False,  # dossiers_idempotency_unique leads with it
    )
    idempotency_key = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)

    # Internal process
    current_step = models.PositiveSmallIntegerField(_("bước hiện tại"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
        null=True,
        blank=True,
        verbose_name=_("người xử lý"),
    )

    # Clock (the ledger's raw events are in `clock`; appointment is the Decree 118 reading)
    submitted_at = models.DateTimeField(_("nộp lúc"), default=timezone.now)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    appointment_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(_("kết thúc xử lý lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    clock = models.JSONField(_("sổ thời hạn"), default=list, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    supplement_from_status = models.PositiveSmallIntegerField(null=True, blank=True)
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    extended = models.BooleanField(_("đã gia hạn"), default=False)
    online_flagged_at = models.DateTimeField(_("cảnh báo chậm tiếp nhận"), null=True, blank=True)
    paper_transfer_due_at = models.DateTimeField(_("hạn chuyển hồ sơ giấy"), null=True, blank=True)
    paper_transferred_at = models.DateTimeField(_("đã chuyển hồ sơ giấy lúc"), null=True, blank=True)
    last_event_at = models.DateTimeField(_("sự kiện gần nhất"), default=timezone.now)

    # Fees and rating
    fee_total = models.PositiveBigIntegerField(_("tổng phí, lệ phí"), default=0)
    payment_status = models.PositiveSmallIntegerField(
        _("thanh toán"), choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    payment_reference = models.CharField(_("mã giao dịch"), max_length=64, blank=True)
    rating = models.PositiveSmallIntegerField(_("đánh giá"), null=True, blank=True)
    rating_note = models.CharField(_("ý kiến"), max_length=1000, blank=True)

    # Facts the Decision 766 index counts (motcua.metrics), kept by the actions and folded from
    # the events like every other state field.
    decision = models.CharField(_("quyết định"), max_length=16, choices=ResultKind.choices, blank=True)
    payment_channel = models.CharField(_("hình thức thanh toán"), max_length=16, blank=True)
    on_time_766 = models.BooleanField(_("đúng hạn (QĐ 766)"), null=True, blank=True)
    on_time_118 = models.BooleanField(_("đúng hạn (NĐ 118)"), null=True, blank=True)
    digitised = models.BooleanField(_("thành phần đã số hóa"), default=False)
    reuses_edata = models.BooleanField(_("dùng lại dữ liệu điện tử"), default=False)
    uses_population_data = models.BooleanField(_("dùng dữ liệu dân cư"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("người quyết định"),
        db_index=False,  # read with the dossier, never searched by
    )
    # Whether the submission's status reached the National Portal in time (Decision 766, 1.4):
    # set by the outbox worker when it delivers that sync, so it is not an event of the dossier.
    portal_synced_in_time = models.BooleanField(_("đồng bộ Cổng DVC kịp thời"), null=True, blank=True)

    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["submitted_by", "idempotency_key"], name="dossiers_idempotency_unique"),
            # A constraint rather than unique=True: PostgreSQL then gets no second LIKE index.
            models.UniqueConstraint(fields=["code"], name="dossiers_code_unique"),
            models.CheckConstraint(condition=models.Q(status__gte=1, status__lte=10), name="dossiers_status_range"),
        ]
        indexes = [
            models.Index(fields=["province_code", "status", "appointment_at"], name="dossiers_province_status_due"),
            models.Index(fields=["receiving_agency", "status", "id"], name="dossiers_receiving_status"),
            models.Index(fields=["processing_agency", "status", "id"], name="dossiers_processing_status"),
            models.Index(fields=["owner", "id"], name="dossiers_owner"),
            models.Index(fields=["status", "last_event_at"], name="dossiers_status_last_event"),
            models.Index(fields=["procedure_code"], name="dossiers_procedure"),
            models.Index(fields=["field_code"], name="dossiers_field"),
            # The metrics drill-down: a province's dossiers finished / received in a period.
            models.Index(fields=["province_code", "finished_at"], name="dossiers_province_finished"),
            models.Index(fields=["province_code", "submitted_at"], name="dossiers_province_submitted"),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class DossierEvent(models.Model):
    """An immutable record of something that happened to a dossier: who, when, what, the status
    before and after, the step, the clock effect, and the state it changed (`data`)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="events", db_index=False
    )  # dossiers_event_seq_unique leads with it
    province_code = models.CharField(max_length=2)
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=24, choices=Action.choices)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True)
    to_status = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    clock = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "seq"]
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("dossier events are immutable")
        super().save(*args, **kwargs)


class CodeCounter(models.Model):
    """The last dossier sequence issued by an agency on a day. Locked row by row, it keeps codes
    gap-free; the unique constraint on `Dossier.code` is the guarantee."""

    province_code = models.CharField(max_length=2)
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossiers_counter_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class DossierDocument(models.Model):
    """A component of the dossier: a file (hash, size, type checked by content) or a reference
    to e-data the state already holds (Decree 118 Art. 17: not asked for again)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    province_code = models.CharField(max_length=2)
    component = models.CharField(_("thành phần"), max_length=1000)
    required_document_id = models.PositiveIntegerField(null=True, blank=True)
    copy_kind = models.PositiveSmallIntegerField(_("loại bản"), choices=CopyKind.choices, default=CopyKind.ELECTRONIC)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    mime_type = models.CharField(max_length=100, blank=True)
    digitised = models.BooleanField(_("đã số hóa"), default=False)
    edata_ref = models.CharField(_("dữ liệu điện tử dùng lại"), max_length=255, blank=True)
    supplement_round = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.component


class DossierFee(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="fees")
    province_code = models.CharField(max_length=2)
    name = models.CharField(max_length=500)
    amount = models.PositiveBigIntegerField()
    moment = models.PositiveSmallIntegerField()
    paid_at = models.DateTimeField(null=True, blank=True)
    reference = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class ResultDocument(models.Model):
    """A signed result (or refusal) with the minimum e-document metadata (Decree 118 Art. 19.2)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="results")
    province_code = models.CharField(max_length=2)
    kind = models.CharField(max_length=16, choices=ResultKind.choices)
    document_code = models.CharField(_("mã kết quả"), max_length=64, unique=True)
    type_code = models.CharField(_("mã loại kết quả"), max_length=32)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    summary = models.TextField(_("trích yếu"))
    holder_id = models.CharField(_("số định danh chủ sở hữu"), max_length=14)
    holder_name = models.CharField(_("chủ sở hữu"), max_length=255)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    scope = models.CharField(_("phạm vi hiệu lực"), max_length=255)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255)
    signer = models.CharField(_("người ký"), max_length=255)
    signed_at = models.DateTimeField()
    payload = models.JSONField()
    signature = models.CharField(max_length=128)
    key_id = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.document_code


class DossierAccess(models.Model):
    """An audit row for every read of a dossier with personal data in full (DESIGN.md rules)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="accesses")
    province_code = models.CharField(max_length=2)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["dossier", "at"], name="dossiers_access_dossier_at")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.dossier_id} at {self.at:%Y-%m-%d %H:%M}"


class DossierAlert(models.Model):
    """A warning raised by the worker: due soon, overdue, stuck, online dossier not acted on in
    8 working hours. One per dossier, kind and day; shown in the staff workspace."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        STUCK = "stuck", _("Không có xử lý")
        ONLINE_LATE = "online_late", _("Chậm tiếp nhận trực tuyến")
        PAPER_LATE = "paper_late", _("Chậm chuyển hồ sơ giấy")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="alerts")
    province_code = models.CharField(max_length=2)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "kind", "day"], name="dossiers_alert_once_a_day")]
        indexes = [models.Index(fields=["kind", "day"], name="dossiers_alert_kind_day")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.day}"
