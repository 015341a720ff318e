"""Who sees and does what in oversight (docs/decisions/0030-oversight-scope.md).

- The ministry side — nationwide roles (inspector, ministry supervisor, system admin) and any
  staff of the Ministry or one of its units — sees every campaign, visit, recommendation and
  the synthesis.
- A province's staff (any active membership in an agency of the province: the province admin,
  the Department of S&T, the centres, the communes) sees the campaigns that visited or were
  assigned their province, their province's visits and recommendations, and the national
  recommendations of those campaigns (province null: published synthesis asks addressed to the
  Government and the Ministry, which concern every locality). Never another province's.
- Citizens and anonymous users see nothing (the API answers 401 without credentials, 404
  for a citizen's session or token on an object).

Writes: inspectors, supervisors and system admins manage campaigns and recommendations; staff
of the unit a recommendation is assigned to report its progress and resolve it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound
from motcua.org.access import has_nationwide_scope, memberships_of, roles_of
from motcua.org.choices import Level, Role


def _memberships(user: Any) -> list[Any]:
    return memberships_of(user)


def is_ministry_side(user: Any) -> bool:
    """Nationwide roles and every staff member of the Ministry and its units."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        return False
    if has_nationwide_scope(user):
        return True
    return any(m.agency.level == Level.MINISTRY for m in _memberships(user))


def province_ids(user: Any) -> set[int]:
    """The provinces whose staff `user` is (empty for the ministry side, citizens, anonymous)."""
    return {m.agency.province_id for m in _memberships(user) if m.agency.province_id}


def unit_ids(user: Any) -> set[int]:
    """The ministry-level agencies `user` works in."""
    return {m.agency_id for m in _memberships(user) if m.agency.level == Level.MINISTRY}


def is_staff_member(user: Any) -> bool:
    return bool(_memberships(user)) or bool(getattr(user, "is_superuser", False))


def can_manage(user: Any) -> bool:
    """Record and steer campaigns and recommendations."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_authenticated", False):
        return True
    return bool(roles_of(user) & {Role.INSPECTOR, Role.MINISTRY_SUPERVISOR, Role.SYSTEM_ADMIN})


def can_see_oversight(user: Any) -> bool:
    return is_ministry_side(user) or bool(province_ids(user))


def require_viewer(user: Any) -> None:
    if not can_see_oversight(user):
        raise NotFound(_("Không tìm thấy."))


def require_manager(user: Any) -> None:
    if not can_manage(user):
        raise DomainError(
            _("Chỉ thanh tra, giám sát của Bộ mới được thực hiện thao tác này."), code="forbidden", status=403
        )


def campaigns_q(user: Any) -> Q | None:
    """Filter for campaigns; None = all, an impossible Q = none."""
    if is_ministry_side(user):
        return None
    provinces = province_ids(user)
    if not provinces:
        return Q(pk__in=[])
    return Q(visits__province_id__in=provinces) | Q(groups__provinces__in=provinces)


def visits_q(user: Any) -> Q | None:
    if is_ministry_side(user):
        return None
    return Q(province_id__in=province_ids(user))


def recommendations_q(user: Any) -> Q | None:
    if is_ministry_side(user):
        return None
    provinces = province_ids(user)
    if not provinces:
        return Q(pk__in=[])
    from motcua.oversight.models import Campaign

    campaigns = Campaign.objects.filter(campaigns_q(user) or Q()).values("pk")
    return Q(province_id__in=provinces) | (Q(province__isnull=True) & Q(campaign_id__in=campaigns))


def scoped(query: QuerySet[Any], condition: Q | None) -> QuerySet[Any]:
    return query if condition is None else query.filter(condition).distinct()


def can_work_on(user: Any, recommendation: Any) -> bool:
    """Report progress / resolve: managers, or staff of the unit the recommendation is assigned to."""
    if can_manage(user):
        return True
    return bool(recommendation.assigned_unit_id) and recommendation.assigned_unit_id in unit_ids(user)


# --- Support channel -------------------------------------------------------------------------
def threads_q(user: Any) -> Q | None:
    """Support threads: the ministry's nationwide roles see all; a unit sees those addressed to
    it; a province's staff see their province's threads."""
    if has_nationwide_scope(user):
        return None
    units = unit_ids(user)
    provinces = province_ids(user)
    if not units and not provinces:
        return Q(pk__in=[])
    return Q(unit_id__in=units) | Q(province_id__in=provinces)


def can_answer_thread(user: Any, thread: Any) -> bool:
    return has_nationwide_scope(user) or thread.unit_id in unit_ids(user)


def can_ask(user: Any) -> bool:
    return bool(province_ids(user))
