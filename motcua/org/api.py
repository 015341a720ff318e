"""Agency and account endpoints."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.core.apiauth import staff_auth
from motcua.core.pagination import keyset_page
from motcua.core.schemas import ErrorOut
from motcua.org import access, selectors
from motcua.org.choices import AgencyKind, Level

router = Router(tags=["org"])


class UnitRef(Schema):
    code: str
    name: str


class AgencyOut(Schema):
    id: int
    identifier: str
    name: str
    name_en: str
    level: Level
    kind: AgencyKind
    province: UnitRef | None
    commune: UnitRef | None
    parent_id: int | None


class AgencyList(Schema):
    items: list[AgencyOut]
    count: int
    next_cursor: str | None = None


class AgencyFilter(Schema):
    province: str | None = None
    level: Level | None = None
    kind: AgencyKind | None = None
    limit: int = 100
    cursor: str | None = None


@router.get(
    "/agencies",
    response={200: AgencyList, 400: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Agencies with their electronic identifiers (public reference data)",
)
def agencies(request: HttpRequest, filters: Query[AgencyFilter]) -> dict[str, Any]:
    query = selectors.agency_list(province=filters.province, level=filters.level, kind=filters.kind)
    page = keyset_page(query, limit=filters.limit, cursor=filters.cursor, keys=("pk",))
    return {"items": page.items, "count": page.count, "next_cursor": page.next_cursor}


class MembershipOut(Schema):
    agency: AgencyOut
    role: str
    title: str


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    memberships: list[MembershipOut]
    nationwide: bool
    visible_agency_count: int | None


@router.get("/me", response=MeOut, auth=staff_auth, summary="Who am I, with my roles and jurisdiction")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    ids = access.visible_agency_ids(user)  # type: ignore[arg-type]
    return {
        "username": user.username,
        "full_name": getattr(user, "full_name", ""),
        "kind": getattr(user, "kind", ""),
        "memberships": list(user.memberships.filter(active=True).select_related("agency__province", "agency__commune")),  # type: ignore[union-attr]
        "nationwide": ids is None,
        "visible_agency_count": None if ids is None else len(ids),
    }
