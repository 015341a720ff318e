"""The dossier's reads and writes on the action path, in as few database round trips as possible.

Every action loads one dossier with its procedure version and both agencies under a row lock,
and writes one event, the outbox messages it owes and the changed columns of the dossier. With
the ORM that was ~10 round trips and most of the time spent compiling SQL (docs/benchmarks.md);
here it is one round trip to load and, on PostgreSQL, one statement to write (data-modifying
CTEs: the event, the messages and the expected-version update succeed or fail together). SQLite
runs the same statements one by one inside the same transaction.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import connections

from motcua.catalog.models import ProcedureVersion
from motcua.core import rows
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.integrations.models import OutboxMessage
from motcua.org.models import Agency

_PARTS = (Dossier, ProcedureVersion, Agency, Agency)


@lru_cache(maxsize=8)
def _load_sql(using: str, lock: bool) -> str:
    connection = connections[using]
    q = connection.ops.quote_name
    d, v, ra, pa = (
        rows.select_list(Dossier, "d", using),
        rows.select_list(ProcedureVersion, "v", using),
        rows.select_list(Agency, "ra", using),
        rows.select_list(Agency, "pa", using),
    )
    sql = (
        f"SELECT {d}, {v}, {ra}, {pa} FROM {q(Dossier._meta.db_table)} d "  # noqa: S608
        f"JOIN {q(ProcedureVersion._meta.db_table)} v ON v.{q('id')} = d.{q('procedure_version_id')} "
        f"JOIN {q(Agency._meta.db_table)} ra ON ra.{q('id')} = d.{q('receiving_agency_id')} "
        f"JOIN {q(Agency._meta.db_table)} pa ON pa.{q('id')} = d.{q('processing_agency_id')} "
        f"WHERE d.{q('id')} = %s"
    )
    if lock and connection.features.has_select_for_update:
        # Like select_for_update(no_key=True, of=("self",)): other dossiers' FKs stay insertable.
        sql += " FOR NO KEY UPDATE OF d" if connection.features.has_select_for_no_key_update else " FOR UPDATE"
    return sql


def load(dossier_id: int, *, lock: bool = False, using: str = "default") -> Dossier | None:
    """The dossier with `procedure_version`, `receiving_agency` and `processing_agency` loaded,
    locked until the end of the transaction when `lock`; None when there is no such dossier."""
    found = rows.run(_load_sql(using, lock), [dossier_id], using=using)
    if not found:
        return None
    row = found[0]
    built = []
    start = 0
    for model in _PARTS:
        width = len(rows.concrete(model))
        built.append(rows.build(model, row[start : start + width], using))
        start += width
    dossier, version, receiving, processing = built
    Dossier.procedure_version.field.set_cached_value(dossier, version)
    Dossier.receiving_agency.field.set_cached_value(dossier, receiving)
    Dossier.processing_agency.field.set_cached_value(dossier, processing)
    return dossier  # type: ignore[return-value]


def write(
    dossier: Dossier,
    *,
    changes: dict[str, Any],
    expected_version: int,
    event: DossierEvent,
    messages: list[OutboxMessage],
    using: str = "default",
) -> bool:
    """Insert `event` and `messages` (a message whose key exists is skipped, as `outbox.enqueue`
    does) and update the dossier's changed columns where its version is still
    `expected_version`. False when the version moved: the caller must roll back."""
    connection = connections[using]
    update_sql, update_params = rows.update(
        Dossier, changes, {"id": dossier.pk, "version": expected_version}, using=using, returning="id"
    )
    event_sql, event_params = rows.insert([event], using=using)
    message_sql, message_params = (
        rows.insert(messages, using=using, conflict="key", returning=False) if messages else ("", [])
    )
    if connection.vendor == "postgresql":
        ctes = [f"e AS ({event_sql})", f"u AS ({update_sql})"]
        params = [*event_params, *update_params]
        if message_sql:
            ctes.append(f"m AS ({message_sql})")
            params += message_params
        statement = f"WITH {', '.join(ctes)} SELECT (SELECT id FROM e), (SELECT count(*) FROM u)"  # noqa: S608
        ((event_id, updated),) = rows.run(statement, params, using=using)
    else:
        ((event_id,),) = rows.run(event_sql, event_params, using=using)
        if message_sql:
            rows.run(message_sql, message_params, using=using)
        updated = len(rows.run(update_sql, update_params, using=using))
    event.pk = event_id
    event._state.adding = False
    event._state.db = using
    return updated == 1
