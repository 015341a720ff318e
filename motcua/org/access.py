"""Jurisdiction: which agencies a user may see. Every scoped query starts here.

- nationwide roles (ministry supervisor, inspector, system admin): every agency;
- province admin: every agency of their province;
- any other staff role: their own agency and the agencies below it;
- citizens and anonymous users: none (they reach their own dossiers by ownership instead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q

from motcua.org.choices import Role

if TYPE_CHECKING:
    from motcua.org.models import Agency, User


def _active_memberships(user: Any) -> list[Any]:
    cache = getattr(user, "_motcua_memberships", None)
    if cache is None:
        cache = list(user.memberships.filter(active=True).select_related("agency"))
        user._motcua_memberships = cache
    return cache


def has_nationwide_scope(user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(m.role in Role.nationwide() for m in _active_memberships(user))


def visible_agency_ids(user: User) -> set[int] | None:
    """The ids of agencies in `user`'s jurisdiction; None means "all of them".

    Computed once per user object (a request's user, a worker's actor) like its memberships."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_citizen", False):
        return set()
    cached: set[int] | None | bool = getattr(user, "_motcua_visible_ids", False)
    if cached is not False:
        return cast("set[int] | None", cached)
    ids = _visible_agency_ids(user)
    user._motcua_visible_ids = ids  # type: ignore[attr-defined]
    return ids


def _visible_agency_ids(user: User) -> set[int] | None:
    from motcua.org.models import Agency

    if has_nationwide_scope(user):
        return None
    memberships = _active_memberships(user)
    province_ids = {m.agency.province_id for m in memberships if m.role == Role.PROVINCE_ADMIN and m.agency.province_id}
    roots = {m.agency_id for m in memberships if m.role != Role.PROVINCE_ADMIN}
    query = Q(pk__in=[])
    if province_ids:
        query |= Q(province_id__in=province_ids)
    if roots:
        # Agencies are at most three deep below a root (ministry → unit; province PC → commune PC → centre).
        # The grandchildren through a subquery on parent_id, not a join: every arm stays an index scan.
        children = Agency.objects.filter(parent_id__in=roots).values("pk")
        query |= Q(pk__in=roots) | Q(parent_id__in=roots) | Q(parent_id__in=children)
    return set(Agency.objects.filter(query).order_by().values_list("pk", flat=True))


def can_see_agency(user: User, agency: Agency) -> bool:
    ids = visible_agency_ids(user)
    return ids is None or agency.pk in ids


def roles_of(user: User) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.role for m in _active_memberships(user)}
