"""Provinces and communes of the two-level local government.

Official codes are data, not keys: the package release we load has some ward codes that were
corrected later, so every link uses the surrogate id and `motcua geo import` can rewrite codes
without breaking them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.geo.choices import CommuneType, ProvinceType


class Province(models.Model):
    """A province or centrally-run city (34 since 2025-07-01)."""

    code = models.CharField(_("mã"), max_length=2, unique=True, help_text=_("Mã đơn vị hành chính, 2 chữ số"))
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại"), max_length=24, choices=ProvinceType.choices)
    codename = models.SlugField(_("tên mã"), max_length=64, unique=True)
    phone_code = models.PositiveSmallIntegerField(_("mã vùng điện thoại"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """ "Tỉnh Thanh Hóa" / "Thành phố Huế": the package keeps the prefix only for cities."""
        if self.division_type == ProvinceType.TINH and not self.name.startswith("Tỉnh "):
            return f"Tỉnh {self.name}"
        return self.name


class Commune(models.Model):
    """A commune (xã), ward (phường) or special zone (đặc khu) (3,321 since 2025-07-01)."""

    code = models.CharField(_("mã"), max_length=5, unique=True, help_text=_("Mã đơn vị hành chính, 5 chữ số"))
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại"), max_length=8, choices=CommuneType.choices)
    codename = models.CharField(_("tên mã"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("tỉnh"))

    class Meta:
        ordering = ["province__code", "code"]
        verbose_name = _("xã, phường, đặc khu")
        verbose_name_plural = _("xã, phường, đặc khu")
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="geo_commune_unique_name_in_province"),
        ]

    def __str__(self) -> str:
        return self.name
