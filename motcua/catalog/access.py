"""Who may change the catalogue. Reading it is public (it is published legal information).

The catalogue is national reference data: system administrators (and superusers) maintain it,
and any account an administrator grants the Django permission `catalog.change_procedureversion`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.org.access import roles_of
from motcua.org.choices import Role


def can_manage_catalog(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        return False
    if user.is_superuser or Role.SYSTEM_ADMIN in roles_of(user):
        return True
    return bool(user.has_perm("catalog.change_procedureversion"))


def ensure_can_manage_catalog(user: Any) -> None:
    if not can_manage_catalog(user):
        raise DomainError(
            _("Chỉ quản trị hệ thống mới được thay đổi danh mục thủ tục hành chính."), code="forbidden", status=403
        )
