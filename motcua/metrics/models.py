"""Counters kept as dossiers move, and the Decision 766 indicators kept as data.

`Counter` is the only table dashboards, reports and the index read for dossier figures: one row
per (province, day, receiving agency, processing agency, procedure) with one integer column per
measure (`motcua.metrics.measures`). It is written in the same statement or transaction as the
dossier event that changes it (`motcua.metrics.counting`), and `motcua metrics rebuild/verify`
recompute it from the events.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.metrics.measures import LABELS, MEASURES
from motcua.metrics.rules import OFFICER_MEASURES

# The rows still holding open dossiers. The partial indexes below are defined by these, and the
# queries that read open figures filter by them, so the planner can use the index.
OPEN_ROWS = models.Q(open_running__gt=0) | models.Q(open_waiting__gt=0) | models.Q(pending__gt=0)
OFFICER_OPEN_ROWS = models.Q(open_running__gt=0) | models.Q(open_waiting__gt=0)


class Counter(models.Model):
    """Figures of the dossiers of one (receiving agency, processing agency, procedure) on one day,
    each measure counted on its own day (see `motcua.metrics.measures`)."""

    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    day = models.DateField(_("ngày"))
    receiving_agency_id = models.IntegerField(_("nơi tiếp nhận"))
    processing_agency_id = models.IntegerField(_("cơ quan giải quyết"))
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32)
    field_code = models.CharField(_("lĩnh vực"), max_length=64)

    for _name, _label, _day in MEASURES:
        locals()[_name] = models.IntegerField(_label, default=0)  # type: ignore[misc,arg-type]
    del _name, _label, _day

    class Meta:
        verbose_name = _("bộ đếm")
        verbose_name_plural = _("bộ đếm")
        constraints = [
            # The province leads every key (DESIGN.md "Scale": ready for partitioning and Citus).
            models.UniqueConstraint(
                fields=["province_code", "day", "receiving_agency_id", "processing_agency_id", "procedure_code"],
                name="metrics_counter_key",
            )
        ]
        indexes = [
            models.Index(fields=["receiving_agency_id", "day"], name="metrics_counter_receiving"),
            models.Index(fields=["processing_agency_id", "day"], name="metrics_counter_processing"),
            models.Index(fields=["day"], name="metrics_counter_day"),
            # The few rows with open dossiers: "in progress" and "overdue now" read only these,
            # from the index alone on PostgreSQL (INCLUDE; SQLite keeps the partial index).
            models.Index(
                fields=["province_code", "procedure_code"],
                include=[
                    "day",
                    "open_running",
                    "open_waiting",
                    "pending",
                    "receiving_agency_id",
                    "processing_agency_id",
                    "field_code",
                ],
                name="metrics_counter_open_cover",
                condition=OPEN_ROWS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.day} {self.receiving_agency_id}/{self.processing_agency_id}"


class MonthCounter(models.Model):
    """The same measures summed per (province, month, receiving agency, processing agency,
    procedure): the daily rows rolled up by month, about 25 times fewer for a year. What every
    figure over whole months reads — the index of a commune, a province or the country, the
    reports by commune or agency. Written in the same statement as `Counter`, so the two always
    agree (`motcua metrics verify` checks both)."""

    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    month = models.DateField(_("tháng"), help_text="the first day of the month")
    receiving_agency_id = models.IntegerField(_("nơi tiếp nhận"))
    processing_agency_id = models.IntegerField(_("cơ quan giải quyết"))
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32)
    field_code = models.CharField(_("lĩnh vực"), max_length=64)

    for _name, _label, _day in MEASURES:
        locals()[_name] = models.IntegerField(_label, default=0)  # type: ignore[misc,arg-type]
    del _name, _label, _day

    class Meta:
        verbose_name = _("bộ đếm theo tháng")
        verbose_name_plural = _("bộ đếm theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "month", "receiving_agency_id", "processing_agency_id", "procedure_code"],
                name="metrics_month_agency_key",
            )
        ]
        indexes = [
            models.Index(fields=["month"], name="metrics_month_month"),
            models.Index(fields=["receiving_agency_id", "month"], name="metrics_month_receiving"),
            models.Index(fields=["processing_agency_id", "month"], name="metrics_month_processing"),
        ]

    def __str__(self) -> str:
        agencies = f"{self.receiving_agency_id}/{self.processing_agency_id}"
        return f"{self.province_code} {self.month:%Y-%m} {agencies} {self.procedure_code}"


class OfficerCounter(models.Model):
    """Per officer and day: dossiers received at their counter, decided by them (on time or late
    under both readings) and open in their hands (`rules.officer_contributions`). Written with
    the daily counters; what the report grouped by officer and the load view read."""

    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    day = models.DateField(_("ngày"))
    officer_id = models.IntegerField(_("cán bộ"))
    agency_id = models.IntegerField(_("cơ quan"))

    for _name in OFFICER_MEASURES:
        locals()[_name] = models.IntegerField(LABELS[_name], default=0)  # type: ignore[misc,arg-type]
    del _name

    class Meta:
        verbose_name = _("bộ đếm theo cán bộ")
        verbose_name_plural = _("bộ đếm theo cán bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "day", "officer_id", "agency_id"], name="metrics_officer_key"
            )
        ]
        indexes = [
            models.Index(fields=["agency_id", "day"], name="metrics_officer_agency"),
            # The load view: what is open in each officer's hands now, from the few rows holding some.
            models.Index(
                fields=["agency_id", "officer_id"],
                name="metrics_officer_open",
                condition=OFFICER_OPEN_ROWS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.day} officer {self.officer_id}"


class FormulaKind(models.TextChoices):
    RATE = "rate", _("điểm tối đa × tỉ lệ")
    RATE_CAPPED = "rate_capped", _("điểm tối đa × tỉ lệ ÷ ngưỡng, không vượt điểm tối đa")
    PAYMENT = "payment", _("6·A + min(2; 2,5·B) + 2,5·C")


class Indicator(models.Model):
    """One indicator of the Decision 766 index (RULES.md §3), kept as data so the scoring sheet
    can be corrected in the admin without a code change.

    `numerator` and `denominator` name where the figures come from: a sum of counter measures
    (`counter:on_time_766+open_within`), a fact of the province's catalogue (`catalogue:…`), or
    a recorded value (`recorded`). `params`: `threshold` for capped rates, `empty_score`
    ("full" or "zero") for a period without any case."""

    code = models.CharField(_("mã"), max_length=8, unique=True)
    group = models.PositiveSmallIntegerField(_("nhóm"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    formula = models.CharField(_("cách tính"), max_length=16, choices=FormulaKind.choices, default=FormulaKind.RATE)
    numerator = models.CharField(_("tử số"), max_length=255)
    denominator = models.CharField(_("mẫu số"), max_length=255)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["group", "position", "code"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu Quyết định 766")

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi}"


class RecordedValue(models.Model):
    """A figure motcua cannot know from its own dossiers (procedures published on time,
    e-certified copies, …), recorded or imported for a unit and period; the index says so."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="recorded")
    province_code = models.CharField(_("mã tỉnh"), max_length=2, blank=True, help_text="empty: the whole country")
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    numerator = models.DecimalField(_("tử số"), max_digits=14, decimal_places=2)
    denominator = models.DecimalField(_("mẫu số"), max_digits=14, decimal_places=2)
    source = models.CharField(_("nguồn"), max_length=255)
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu ghi nhận")
        verbose_name_plural = _("số liệu ghi nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "province_code", "period_from", "period_to"], name="metrics_recorded_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.province_code or 'VN'} {self.period_from}–{self.period_to}"
