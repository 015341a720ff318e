"""Reads of agencies and accounts, always through the user's jurisdiction where it applies."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.org.models import Agency


def agency_list(*, province: str | None = None, level: str | None = None, kind: str | None = None) -> QuerySet[Agency]:
    """Agencies are public reference data (names and identifiers are published by law)."""
    query = Agency.objects.filter(active=True).select_related("province", "commune")
    if province:
        query = query.filter(province__code=province)
    if level:
        query = query.filter(level=level)
    if kind:
        query = query.filter(kind=kind)
    return query
