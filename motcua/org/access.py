"""Jurisdiction: which agencies a user may see. Every scoped query starts here.

- nationwide roles (ministry supervisor, inspector, system admin): every agency;
- province admin: every agency of their province;
- any other staff role: their own agency and the agencies below it;
- citizens and anonymous users: none (they reach their own dossiers by ownership instead).
"""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.db.models import Q

from motcua.org.choices import Role

# This module never imports org.models: `Agency.objects.visible_to` (in models) calls it, so
# the model is fetched from the app registry when a query needs it. Users and agencies are
# typed `Any` for the same reason.


def _active_memberships(user: Any) -> list[Any]:
    """The user's active memberships with their agencies, read once per user object. Private:
    other apps ask the questions below (`roles_of`, `agencies_where`, ...)."""
    cache = getattr(user, "_motcua_memberships", None)
    if cache is None:
        cache = list(user.memberships.filter(active=True).select_related("agency"))
        user._motcua_memberships = cache
    return cache


def _is_staff_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_citizen", False)


def memberships_of(user: Any) -> list[Any]:
    """The active memberships (with their agency) of a signed-in staff user; none for citizens
    and anonymous users."""
    return _active_memberships(user) if _is_staff_user(user) else []


def agencies_where(user: Any, role: str) -> list[Any]:
    """The agencies where `user` holds `role` (e.g. the centres where they are a counter officer)."""
    return [m.agency for m in memberships_of(user) if m.role == role]


def roles_at(user: Any, agency_id: int) -> set[str]:
    """The roles `user` holds in the agency `agency_id` itself (not above or below it)."""
    return {m.role for m in memberships_of(user) if m.agency_id == agency_id}


def administered_province_ids(user: Any) -> set[int]:
    """The provinces `user` administers as a province administrator (their agency's province).
    The one answer for the calendar, the decision register and jurisdiction."""
    memberships = memberships_of(user)
    return {m.agency.province_id for m in memberships if m.role == Role.PROVINCE_ADMIN and m.agency.province_id}


def has_nationwide_scope(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(m.role in Role.nationwide() for m in _active_memberships(user))


def visible_agency_ids(user: Any) -> set[int] | None:
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


def _visible_agency_ids(user: Any) -> set[int] | None:
    agencies = apps.get_model("org", "Agency")._default_manager
    if has_nationwide_scope(user):
        return None
    memberships = _active_memberships(user)
    province_ids = administered_province_ids(user)
    roots = {m.agency_id for m in memberships if m.role != Role.PROVINCE_ADMIN}
    query = Q(pk__in=[])
    if province_ids:
        query |= Q(province_id__in=province_ids)
    if roots:
        # Agencies are at most three deep below a root (ministry → unit; province PC → commune PC → centre).
        # The grandchildren through a subquery on parent_id, not a join: every arm stays an index scan.
        children = agencies.filter(parent_id__in=roots).values("pk")
        query |= Q(pk__in=roots) | Q(parent_id__in=roots) | Q(parent_id__in=children)
    return set(agencies.filter(query).order_by().values_list("pk", flat=True))


def can_see_agency(user: Any, agency: Any) -> bool:
    ids = visible_agency_ids(user)
    return ids is None or agency.pk in ids


def roles_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.role for m in _active_memberships(user)}
