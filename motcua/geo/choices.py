"""Division types of the two-level local government (since 2025-07-01)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceType(models.TextChoices):
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", _("Thành phố trực thuộc trung ương")


class CommuneType(models.TextChoices):
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    DAC_KHU = "dac_khu", _("Đặc khu")
