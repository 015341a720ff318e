"""In-process search index of the catalogue (filled in below)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from motcua.catalog.models import CatalogRevision


def bump_revision() -> int:
    """Mark the catalogue changed; every process's index notices on its next search."""
    updated = CatalogRevision.objects.filter(pk=1).update(
        revision=F("revision") + 1, changed_at=timezone.now()
    )
    if not updated:
        CatalogRevision.objects.get_or_create(pk=1, defaults={"revision": 1})
    return CatalogRevision.objects.get(pk=1).revision
