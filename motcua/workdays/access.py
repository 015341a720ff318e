"""Who may change the calendar: system administrators anywhere, province administrators in their own province.

Reading the calendar is public (the days off and office hours are published); changing it is
not. Office hours of an agency may also be set by that agency's own administrator.
"""

from __future__ import annotations

from typing import Any

from motcua.org.access import administered_province_ids, roles_at, roles_of
from motcua.org.choices import Role


def is_system_admin(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        return False
    if user.is_superuser:
        return True
    return Role.SYSTEM_ADMIN in roles_of(user)


def can_manage_calendar(user: Any, province_id: int | None) -> bool:
    """Nationwide overrides: system administrators only; a province's: also its own administrators."""
    if is_system_admin(user):
        return True
    return province_id is not None and province_id in administered_province_ids(user)


def can_manage_office_hours(user: Any, agency: Any | None) -> bool:
    """The default hours: system administrators; an agency's: also its province's or its own administrators."""
    if is_system_admin(user):
        return True
    if agency is None:
        return False
    if agency.province_id is not None and agency.province_id in administered_province_ids(user):
        return True
    return Role.AGENCY_ADMIN in roles_at(user, agency.pk)
