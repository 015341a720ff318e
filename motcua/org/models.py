"""Agencies, accounts, memberships and API tokens."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.geo.models import Commune, Province
from motcua.org.choices import AccountKind, AgencyKind, Level, Role

if TYPE_CHECKING:
    from django.db.models import QuerySet


class AgencyQuerySet(models.QuerySet["Agency"]):
    def visible_to(self, user: User) -> QuerySet[Agency]:
        """The agencies `user` may see: the one door every scoped query goes through."""
        from motcua.org.access import visible_agency_ids

        ids = visible_agency_ids(user)
        if ids is None:
            return self.all()
        return self.filter(pk__in=ids)


class Agency(models.Model):
    """A state body or unit: the ministry and its units, provincial and commune bodies.

    `identifier` is the electronic identifier in the QCVN 102 shape `LLL.LL.LL.XNN`. motcua
    generates it by the scheme in docs/decisions/0002-agency-identifiers.md (`official` false);
    an import of official codes replaces it and sets `official`.
    """

    identifier = models.CharField(_("mã định danh"), max_length=13, unique=True)
    official = models.BooleanField(_("mã chính thức"), default=False)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=24, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name=_("tỉnh")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name=_("xã")
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["identifier"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "province", "commune"],
                name="org_agency_one_kind_per_place",
                condition=~models.Q(kind__in=["ministry_unit"]),
            ),
            models.CheckConstraint(
                condition=models.Q(identifier__regex=r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[GH][0-9]{2}$"),
                name="org_agency_identifier_qcvn102",
            ),
        ]
        indexes = [models.Index(fields=["province", "level", "kind"], name="org_agency_province_level_kind")]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: staff (with memberships) or a citizen/business applicant."""

    kind = models.CharField(_("loại tài khoản"), max_length=16, choices=AccountKind.choices, default=AccountKind.STAFF)
    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == AccountKind.CITIZEN


class Membership(models.Model):
    """A staff member holds a role in an agency; one person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("cơ quan"))
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=128, blank=True)
    active = models.BooleanField(_("còn hiệu lực"), default=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="org_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng"))
    name = models.CharField(_("tên"), max_length=100, blank=True)
    prefix = models.CharField(_("tiền tố"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_usable(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.expires_at > at
