"""Counter upkeep on the action path: the upsert statements written with a dossier's change.

`counter_statements(changes)` is registered with `motcua.dossiers.store`: for the changes of
one action or batch it returns one `INSERT … ON CONFLICT DO UPDATE` per counter table (daily,
monthly, per officer) that adds every touched cell, rows in key order (two transactions
touching the same rows lock them in the same order). On PostgreSQL they are data-modifying CTEs
of the action's single write.
"""

# ruff: noqa: S608 (table and column names come from model metadata; values are always parameters)
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import Model

from motcua.metrics import rules
from motcua.metrics.measures import NAMES
from motcua.metrics.models import Counter, MonthCounter, OfficerCounter


@dataclass(frozen=True)
class Table:
    model: type[Model]
    keys: tuple[str, ...]  # the key columns, in the order of the key dataclass's fields
    conflict: tuple[str, ...]  # the unique constraint's columns
    measures: tuple[str, ...]


DAILY = Table(
    Counter,
    ("province_code", "day", "receiving_agency_id", "processing_agency_id", "procedure_code", "field_code"),
    ("province_code", "day", "receiving_agency_id", "processing_agency_id", "procedure_code"),
    NAMES,
)
MONTHLY = Table(
    MonthCounter,
    ("province_code", "month", "receiving_agency_id", "processing_agency_id", "procedure_code", "field_code"),
    ("province_code", "month", "receiving_agency_id", "processing_agency_id", "procedure_code"),
    NAMES,
)
OFFICERS = Table(
    OfficerCounter,
    ("province_code", "day", "officer_id", "agency_id"),
    ("province_code", "day", "officer_id", "agency_id"),
    rules.OFFICER_MEASURES,
)


@lru_cache(maxsize=256)
def upsert_sql(table: Table, rows: int, using: str = "default") -> str:
    q = connections[using].ops.quote_name
    name = q(table.model._meta.db_table)
    columns = (*table.keys, *table.measures)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sets = ", ".join(f"{q(n)} = {name}.{q(n)} + EXCLUDED.{q(n)}" for n in table.measures)
    return (
        f"INSERT INTO {name} ({', '.join(q(c) for c in columns)}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({', '.join(q(c) for c in table.conflict)}) DO UPDATE SET {sets}"
    )


def upsert(table: Table, cells: Mapping[Any, Mapping[str, int]], using: str = "default") -> tuple[str, list[Any]]:
    params: list[Any] = []
    for key in sorted(cells):
        params += list(astuple(key))
        params += [cells[key].get(n, 0) for n in table.measures]
    return upsert_sql(table, len(cells), using), params


def by_month(rows_delta: Mapping[rules.RowKey, Mapping[str, int]]) -> dict[rules.MonthKey, dict[str, int]]:
    out: dict[rules.MonthKey, dict[str, int]] = {}
    for key, cells in rows_delta.items():
        month = rules.MonthKey(
            key.province_code,
            key.day.replace(day=1),
            key.receiving_agency_id,
            key.processing_agency_id,
            key.procedure_code,
            key.field_code,
        )
        rules.merge(out, {month: cells})
    return out


@dataclass
class Delta:
    daily: dict[rules.RowKey, dict[str, int]]
    officers: dict[rules.OfficerKey, dict[str, int]]

    def statements(self, using: str = "default") -> list[tuple[str, list[Any]]]:
        """The upserts adding this delta (none for an empty one)."""
        out = []
        if self.daily:
            out.append(upsert(DAILY, self.daily, using))
            months = by_month(self.daily)
            if months:
                out.append(upsert(MONTHLY, months, using))
        if self.officers:
            out.append(upsert(OFFICERS, self.officers, using))
        return out


def state(dossier: Any, snapshot: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The dossier's state for `rules.contributions`: its replayable snapshot plus the fields read
    from the row (`rules.ROW_FIELDS`); None when there was no dossier yet (intake)."""
    if snapshot is None:
        return None
    return {**{name: getattr(dossier, name) for name in rules.ROW_FIELDS}, **snapshot}


def delta_of(pairs: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]]) -> Delta:
    """What changing each dossier from `before` to `after` (states) adds to the counters."""
    total = Delta({}, {})
    for before, after in pairs:
        rules.merge(total.daily, rules.delta(before, after))
        rules.merge(total.officers, rules.officer_delta(before, after))
    return total


def counter_statements(changes: list[Any], using: str = "default") -> list[tuple[str, list[Any]]]:
    """The store's writer hook: the counter upserts owed by these dossier changes."""
    pairs = [(state(c.dossier, c.before), state(c.dossier, c.after)) for c in changes]
    return delta_of(pairs).statements(using)
