"""The dossier's reads and writes on the action path, in as few database round trips as possible.

Every action loads one dossier with its procedure version and both agencies under a row lock,
and writes one event, the outbox messages it owes and the changed columns of the dossier. With
the ORM that was ~10 round trips and most of the time spent compiling SQL (docs/benchmarks.md);
here it is one round trip to load and, on PostgreSQL, one statement to write (data-modifying
CTEs: the event, the messages and the expected-version update succeed or fail together). SQLite
runs the same statements one by one inside the same transaction.
"""

# ruff: noqa: S608 (table and column names come from model metadata; values are always parameters)
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
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
def _load_sql(using: str, lock: bool, many: bool = False) -> str:
    connection = connections[using]
    q = connection.ops.quote_name
    d, v, ra, pa = (
        rows.select_list(Dossier, "d", using),
        rows.select_list(ProcedureVersion, "v", using),
        rows.select_list(Agency, "ra", using),
        rows.select_list(Agency, "pa", using),
    )
    sql = (
        f"SELECT {d}, {v}, {ra}, {pa} FROM {q(Dossier._meta.db_table)} d "
        f"JOIN {q(ProcedureVersion._meta.db_table)} v ON v.{q('id')} = d.{q('procedure_version_id')} "
        f"JOIN {q(Agency._meta.db_table)} ra ON ra.{q('id')} = d.{q('receiving_agency_id')} "
        f"JOIN {q(Agency._meta.db_table)} pa ON pa.{q('id')} = d.{q('processing_agency_id')} "
    )
    if many:
        # PostgreSQL takes the ids as one array; SQLite reads them from a JSON array.
        sql += (
            f"WHERE d.{q('id')} = ANY(%s) "
            if connection.vendor == "postgresql"
            else (f"WHERE d.{q('id')} IN (SELECT value FROM json_each(%s)) ")
        )
        sql += f"ORDER BY d.{q('id')}"
    else:
        sql += f"WHERE d.{q('id')} = %s"
    if lock and connection.features.has_select_for_update:
        # Like select_for_update(no_key=True, of=("self",)): other dossiers' FKs stay insertable.
        sql += " FOR NO KEY UPDATE OF d" if connection.features.has_select_for_no_key_update else " FOR UPDATE"
    return sql


def _built(row: tuple[Any, ...], using: str) -> Dossier:
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


def load(dossier_id: int, *, lock: bool = False, using: str = "default") -> Dossier | None:
    """The dossier with `procedure_version`, `receiving_agency` and `processing_agency` loaded,
    locked until the end of the transaction when `lock`; None when there is no such dossier."""
    found = rows.run(_load_sql(using, lock), [dossier_id], using=using)
    return _built(found[0], using) if found else None


def load_many(ids: list[int], *, lock: bool = False, using: str = "default") -> dict[int, Dossier]:
    """`load` for several dossiers in one round trip (locked in id order), by id; missing ids are
    left out."""
    connection = connections[using]
    param: Any = list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))
    return {
        d.pk: d for d in (_built(row, using) for row in rows.run(_load_sql(using, lock, True), [param], using=using))
    }


@dataclass
class Change:
    """What one action does to one dossier, ready to be written: the changed columns (by
    attribute name), the version it was loaded at, its event and its outbox messages."""

    dossier: Dossier
    changes: dict[str, Any]
    expected_version: int
    event: DossierEvent
    messages: list[OutboxMessage] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)  # other new rows of the action (a result document)
    before: dict[str, Any] | None = None  # the replayable state before and after (`common.snapshot`)
    after: dict[str, Any] | None = None


# Statements other apps write with every change (the metrics counters), registered at start-up so
# this app never imports them: each gets the changes and returns (sql, params) pairs to run in the
# same statement (PostgreSQL, one dossier) or transaction.
Writer = Callable[[list[Change], str], list[tuple[str, list[Any]]]]
_WRITERS: list[Writer] = []


def register_writer(writer: Writer) -> None:
    if writer not in _WRITERS:
        _WRITERS.append(writer)


def extra_statements(changes: list[Change], using: str = "default") -> list[tuple[str, list[Any]]]:
    return [statement for writer in _WRITERS for statement in writer(changes, using)]


def write_extras(changes: list[Change], using: str = "default") -> None:
    """Run the registered writers' statements for changes written another way (intake)."""
    for sql, params in extra_statements(changes, using):
        rows.run(sql, params, using=using)


def write_many(changes: list[Change], *, using: str = "default") -> bool:
    """Insert the events and messages (a message whose key exists is skipped, as
    `outbox.enqueue` does) and update each dossier's changed columns where its version is still
    the expected one. On PostgreSQL one dossier is one statement (data-modifying CTEs) and a batch
    is pipelined (prepared statements sent without waiting). False when a version moved: the
    caller must roll back."""
    connection = connections[using]
    if len(changes) == 1 and connection.vendor == "postgresql":
        return _write_one(changes[0], using)
    # New rows grouped by model: one prepared INSERT each, executed once per row.
    new_rows: dict[type[Any], list[Any]] = {}
    for change in changes:
        for obj in (change.event, *change.messages, *change.rows):
            new_rows.setdefault(type(obj), []).append(obj)
    for model, objs in new_rows.items():
        conflict = "key" if model is OutboxMessage else ""  # an existing message key is skipped
        sql = rows.insert_sql(model, using=using, conflict=conflict, returning=False)
        rows.run_many(sql, [rows.insert_values(obj, using=using) for obj in objs], using=using)
    by_sql: dict[str, list[list[Any]]] = {}
    for c in changes:
        sql, params = rows.update(Dossier, c.changes, {"id": c.dossier.pk, "version": c.expected_version}, using=using)
        by_sql.setdefault(sql, []).append(params)
    updated = sum(rows.run_many(sql, params_seq, using=using) for sql, params_seq in by_sql.items())
    if updated != len(changes):
        return False
    write_extras(changes, using)
    return True


def _write_one(change: Change, using: str) -> bool:
    update_sql, update_params = rows.update(
        Dossier,
        change.changes,
        {"id": change.dossier.pk, "version": change.expected_version},
        using=using,
        returning="id",
    )
    event_sql, event_params = rows.insert([change.event], using=using)
    ctes = [f"e AS ({event_sql})", f"u AS ({update_sql})"]
    params = [*event_params, *update_params]
    if change.messages:
        message_sql, message_params = rows.insert(change.messages, using=using, conflict="key", returning=False)
        ctes.append(f"m AS ({message_sql})")
        params += message_params
    for index, extra in enumerate(change.rows):
        extra_sql, extra_params = rows.insert([extra], using=using, returning=False)
        ctes.append(f"r{index} AS ({extra_sql})")
        params += extra_params
    for index, (extra_sql, extra_params) in enumerate(extra_statements([change], using)):
        ctes.append(f"x{index} AS ({extra_sql})")
        params += extra_params
    statement = f"WITH {', '.join(ctes)} SELECT (SELECT id FROM e), (SELECT count(*) FROM u)"
    ((event_id, updated),) = rows.run(statement, params, using=using)
    change.event.pk = event_id
    change.event._state.adding = False
    change.event._state.db = using
    return bool(updated == 1)
