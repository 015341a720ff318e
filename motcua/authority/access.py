"""Who may record decisions. Reading the register is public (decisions are published legal
acts); writing is for the province's administrators in their province and for system
administrators everywhere (nationwide acts only for them)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.org.access import administered_province_ids, has_nationwide_scope, roles_of
from motcua.org.choices import Role


def manageable_province_ids(user: Any) -> set[int] | None:
    """Province ids whose decisions `user` may record; None means every province and
    nationwide acts."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        return set()
    if user.is_superuser:
        return None
    roles = roles_of(user)
    if Role.SYSTEM_ADMIN in roles:
        return None
    if Role.PROVINCE_ADMIN not in roles:
        return set()
    return administered_province_ids(user)


def can_manage_decisions(user: Any, province_id: int | None) -> bool:
    ids = manageable_province_ids(user)
    if ids is None:
        return True
    return province_id is not None and province_id in ids


def ensure_can_manage_decisions(user: Any, province_id: int | None) -> None:
    """Refuse with 404 `not_found` (not 403): another province's register is outside the user's
    jurisdiction, and out of scope answers 404 everywhere (docs/decisions/0071)."""
    if user is None:  # reference-data loaders act as the system
        return
    if not can_manage_decisions(user, province_id):
        raise NotFound(_("Bạn không có quyền ghi nhận quyết định cho địa bàn này."))


def can_see_staff_pages(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        return False
    return has_nationwide_scope(user) or bool(roles_of(user))
