"""Administrators' corrections of the calendar and agencies' office hours.

The holidays themselves come from the `holidays` package at run time (nothing to load); these
tables hold only what administrators change, so a yearly swap announced by the Government or a
provincial day off needs no code change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.geo.models import Province
from motcua.org.models import Agency
from motcua.workdays.choices import OverrideKind


class CalendarOverrideQuerySet(models.QuerySet["CalendarOverride"]):
    def active(self) -> CalendarOverrideQuerySet:
        return self.filter(removed_at__isnull=True)


class CalendarOverride(models.Model):
    """One date made a day off or a working day, nationwide (no province) or for one province.

    A province's override wins over a nationwide one, which wins over the `holidays` package.
    Removing an override keeps the row (`removed_at`, `removed_by`): who changed the calendar,
    when, and on what legal basis stays on record.
    """

    date = models.DateField(_("ngày"))
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        verbose_name=_("tỉnh"),
        help_text=_("Để trống: áp dụng toàn quốc."),
    )
    kind = models.CharField(_("loại"), max_length=16, choices=OverrideKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    legal_basis = models.CharField(
        _("căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Thông báo của Bộ Nội vụ, Quyết định của UBND tỉnh."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    removed_at = models.DateTimeField(_("gỡ bỏ lúc"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gỡ bỏ"),
    )

    objects = CalendarOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["date", "province__code"]
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "province"],
                condition=Q(removed_at__isnull=True, province__isnull=False),
                name="workdays_override_one_per_province_day",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(removed_at__isnull=True, province__isnull=True),
                name="workdays_override_one_nationwide_per_day",
            ),
            models.CheckConstraint(condition=Q(kind__in=OverrideKind.values), name="workdays_override_kind_valid"),
        ]
        indexes = [models.Index(fields=["province", "date"], name="workdays_override_prov_date")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"


class OfficeHours(models.Model):
    """Office hours of an agency; the row without agency is the nationwide default.

    An agency without its own row uses its parent's, then its grandparent's (so a provincial
    People's Committee can set them for the whole province), then the default.
    """

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_hours",
        verbose_name=_("cơ quan"),
        help_text=_("Để trống: giờ làm việc mặc định."),
    )
    morning_start = models.TimeField(_("buổi sáng bắt đầu"), default="07:30")
    morning_end = models.TimeField(_("buổi sáng kết thúc"), default="11:30")
    afternoon_start = models.TimeField(_("buổi chiều bắt đầu"), default="13:00")
    afternoon_end = models.TimeField(_("buổi chiều kết thúc"), default="17:00")
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        constraints = [
            # One row per agency and a single default row (NULL agency counts as 0).
            models.UniqueConstraint(Coalesce("agency", 0), name="workdays_office_hours_one_per_agency"),
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="workdays_office_hours_ordered",
            ),
        ]

    def __str__(self) -> str:
        who = str(self.agency) if self.agency_id else _("Mặc định")
        morning = f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}"
        return f"{who}: {morning}, {self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
