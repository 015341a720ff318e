"""Counter upkeep on the action path: the upsert statements written with a dossier's change.

`counter_statements(changes)` is registered with `motcua.dossiers.store`: for the changes of
one action or batch it returns one `INSERT … ON CONFLICT DO UPDATE` that adds every touched
cell, rows in key order (two transactions touching the same rows lock them in the same order).
On PostgreSQL the statement is one more data-modifying CTE of the action's single write.
"""

# ruff: noqa: S608 (table and column names come from model metadata; values are always parameters)
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db import connections

from motcua.metrics import rules
from motcua.metrics.measures import NAMES
from motcua.metrics.models import Counter, MonthCounter

KEY_COLUMNS = ("province_code", "day", "receiving_agency_id", "processing_agency_id", "procedure_code", "field_code")
CONFLICT = "province_code, day, receiving_agency_id, processing_agency_id, procedure_code"
MONTH_COLUMNS = ("province_code", "month", "procedure_code", "field_code")
MONTH_CONFLICT = "province_code, month, procedure_code"


@lru_cache(maxsize=128)
def upsert_sql(rows: int, using: str = "default", monthly: bool = False) -> str:
    q = connections[using].ops.quote_name
    model, keys, conflict = (
        (MonthCounter, MONTH_COLUMNS, MONTH_CONFLICT) if monthly else (Counter, KEY_COLUMNS, CONFLICT)
    )
    table = q(model._meta.db_table)
    columns = (*keys, *NAMES)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sets = ", ".join(f"{q(n)} = {table}.{q(n)} + EXCLUDED.{q(n)}" for n in NAMES)
    return (
        f"INSERT INTO {table} ({', '.join(q(c) for c in columns)}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
    )


def by_month(rows_delta: Mapping[rules.RowKey, Mapping[str, int]]) -> dict[rules.MonthKey, dict[str, int]]:
    out: dict[rules.MonthKey, dict[str, int]] = {}
    for key, cells in rows_delta.items():
        month = rules.MonthKey(key.province_code, key.day.replace(day=1), key.procedure_code, key.field_code)
        row = out.setdefault(month, {})
        for name, n in cells.items():
            row[name] = row.get(name, 0) + n
    return out


def upserts(
    rows_delta: Mapping[rules.RowKey, Mapping[str, int]], using: str = "default"
) -> list[tuple[str, list[Any]]]:
    """The statements adding `rows_delta` to the daily counters and to their monthly sums (none
    when nothing changes). Rows go in key order: concurrent writers lock them in one order."""
    if not rows_delta:
        return []
    params: list[Any] = []
    for key in sorted(rows_delta):
        cells = rows_delta[key]
        params += [key.province_code, key.day, key.receiving_agency_id, key.processing_agency_id]
        params += [key.procedure_code, key.field_code]
        params += [cells.get(n, 0) for n in NAMES]
    months = by_month(rows_delta)
    month_params: list[Any] = []
    for month in sorted(months):
        month_params += [month.province_code, month.month, month.procedure_code, month.field_code]
        month_params += [months[month].get(n, 0) for n in NAMES]
    return [
        (upsert_sql(len(rows_delta), using), params),
        (upsert_sql(len(months), using, monthly=True), month_params),
    ]


def state(dossier: Any, snapshot: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The dossier's state for `rules.contributions`: its replayable snapshot plus the fields
    fixed at intake; None when there was no dossier yet (intake)."""
    if snapshot is None:
        return None
    fixed = {name: getattr(dossier, name) for name in rules.INTAKE_FIELDS}
    fixed["fee_total"] = dossier.fee_total
    return {**fixed, **snapshot}


def delta_of(changes: Iterable[Any]) -> dict[rules.RowKey, dict[str, int]]:
    total: dict[rules.RowKey, dict[str, int]] = {}
    for change in changes:
        before = state(change.dossier, change.before)
        after = state(change.dossier, change.after)
        rules.merge(total, rules.delta(before, after))
    return total


def counter_statements(changes: list[Any], using: str = "default") -> list[tuple[str, list[Any]]]:
    """The store's writer hook: the counter upserts owed by these dossier changes."""
    return upserts(delta_of(changes), using)
