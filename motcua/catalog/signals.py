"""Keep the in-process search index fresh: any committed change to the catalogue (through
actions, the admin or an import) bumps `CatalogRevision`; every process compares that counter
with the one its index was built from (see `motcua.catalog.search`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.catalog.models import (
    Fee,
    Field,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
    ResultType,
)

WATCHED = (Field, Procedure, ProcedureVersion, LegalBasis, Fee, RequiredDocument, ResultType, ProcessStep)


def _bump() -> None:
    from motcua.catalog.search import bump_revision

    bump_revision()


def bump_revision_on_commit(using: str | None = None) -> None:
    """Schedule one revision bump after the current transaction commits (once per transaction:
    a bulk load saving thousands of rows still bumps once; a rollback discards it)."""
    from motcua.catalog.search import invalidate

    invalidate()  # this process sees its own writes at once, even inside the transaction
    conn = transaction.get_connection(using)
    if conn.in_atomic_block and any(item[1] is _bump for item in conn.run_on_commit):
        return
    transaction.on_commit(_bump, using=using)


@receiver(post_save)
@receiver(post_delete)
def _catalog_changed(sender: Any, **kwargs: Any) -> None:
    if sender in WATCHED:
        bump_revision_on_commit(kwargs.get("using"))
