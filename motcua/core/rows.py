"""Rows read and written on hot paths with SQL built once per process instead of per call.

The ORM spends most of a small write in Python, compiling the same statement again and again
(docs/benchmarks.md has the profile). The few paths that run for every dossier action use
these helpers instead: the SQL text of a model's SELECT, INSERT and UPDATE is made once, values
go through the fields' own `get_db_prep_save` and converters, so what is stored and loaded is
exactly what the ORM would store and load. Everything else keeps using the ORM.
"""

# ruff: noqa: S608 (table and column names come from model metadata; values are always parameters)
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Field, Model

Converter = Callable[[Any, Any, Any], Any]


def _quote(name: str, using: str) -> str:
    return connections[using].ops.quote_name(name)


def concrete(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    return tuple(model._meta.concrete_fields)


@lru_cache(maxsize=256)
def select_list(model: type[Model], alias: str, using: str = "default") -> str:
    """`alias."col1", alias."col2", …` for every concrete field, in `concrete(model)` order."""
    return ", ".join(f"{alias}.{_quote(f.column, using)}" for f in concrete(model))


@lru_cache(maxsize=256)
def _converters(model: type[Model], using: str) -> tuple[tuple[Converter, ...], ...]:
    connection = connections[using]
    out = []
    for field in concrete(model):
        column = field.get_col(model._meta.db_table)
        field_converters = field.get_db_converters(connection)  # type: ignore[attr-defined]
        out.append(tuple(connection.ops.get_db_converters(column) + field_converters))
    return tuple(out)


def build(model: type[Model], values: Sequence[Any], using: str = "default") -> Model:
    """A model instance from the values of `select_list(model, …)`, as the ORM would load it."""
    connection = connections[using]
    fields = concrete(model)
    converted = list(values)
    for index, converters in enumerate(_converters(model, using)):
        if converters:
            value = converted[index]
            for converter in converters:
                value = converter(value, fields[index].get_col(model._meta.db_table), connection)
            converted[index] = value
    return model.from_db(using, [f.attname for f in fields], converted)


def _prepared(field: Field[Any, Any], value: Any, using: str) -> Any:
    return field.get_db_prep_save(value, connection=connections[using])


@lru_cache(maxsize=256)
def _insert_fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    return tuple(f for f in concrete(model) if not f.primary_key)


def insert_sql(
    model: type[Model], *, count: int = 1, using: str = "default", conflict: str = "", returning: bool = True
) -> str:
    """`INSERT … VALUES (…), (…)` for `count` rows of `model`, optionally `ON CONFLICT (conflict)
    DO NOTHING` and `RETURNING` the primary key. Table and column names come from the model's
    metadata, never from input."""
    fields = _insert_fields(model)
    columns = ", ".join(_quote(f.column, using) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {_quote(model._meta.db_table, using)} ({columns}) VALUES " + ", ".join([row] * count)
    if conflict:
        sql += f" ON CONFLICT ({_quote(conflict, using)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {_quote(model._meta.pk.column, using)}"  # type: ignore[union-attr]
    return sql


def insert_values(obj: Model, *, using: str = "default") -> list[Any]:
    """The parameters of one row of `insert_sql`, with defaults applied as the ORM applies them."""
    return [_prepared(f, f.pre_save(obj, add=True), using) for f in _insert_fields(type(obj))]


def insert(
    objs: Iterable[Model],
    *,
    using: str = "default",
    conflict: str = "",
    returning: bool = True,
) -> tuple[str, list[Any]]:
    """`insert_sql` and its parameters for `objs` (one model) in one statement."""
    objs = list(objs)
    sql = insert_sql(type(objs[0]), count=len(objs), using=using, conflict=conflict, returning=returning)
    return sql, [value for obj in objs for value in insert_values(obj, using=using)]


def update(
    model: type[Model],
    values: dict[str, Any],
    where: dict[str, Any],
    *,
    using: str = "default",
    returning: str = "",
) -> tuple[str, list[Any]]:
    """`UPDATE table SET col = %s, … WHERE col = %s AND …` by attribute names."""
    by_attname = {f.attname: f for f in concrete(model)}
    table = _quote(model._meta.db_table, using)
    sets, params = [], []
    for attname, value in values.items():
        field = by_attname[attname]
        sets.append(f"{_quote(field.column, using)} = %s")
        params.append(_prepared(field, value, using))
    conditions = []
    for attname, value in where.items():
        field = by_attname[attname]
        conditions.append(f"{_quote(field.column, using)} = %s")
        params.append(_prepared(field, value, using))
    sql = f"UPDATE {table} SET {', '.join(sets)} WHERE {' AND '.join(conditions)}"
    if returning:
        sql += f" RETURNING {_quote(by_attname[returning].column, using)}"
    return sql, params


def state(obj: Model) -> dict[str, Any]:
    """Every concrete attribute of `obj` by attname (to find what an action changed)."""
    return {f.attname: getattr(obj, f.attname) for f in concrete(type(obj))}


def changed(before: dict[str, Any], obj: Model) -> dict[str, Any]:
    """The attributes of `obj` that differ from `before` (a `state()` taken earlier)."""
    return {name: value for name, value in state(obj).items() if before.get(name) != value}


def run(sql: str, params: Sequence[Any], *, using: str = "default", prepare: bool = True) -> list[tuple[Any, ...]]:
    """Execute one statement and return its rows (none for a statement that returns none).

    On PostgreSQL the statement is bound on the server and, with `prepare`, prepared there
    (psycopg keeps the prepared statements of each connection), so a hot statement is planned
    once per connection instead of on every call; elsewhere it runs through Django's cursor.
    Either way it runs in the caller's transaction, is logged like an ORM query and raises
    Django's database errors."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    import psycopg

    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=prepare and _may_prepare(connection))  # type: ignore[arg-type]
        found = cursor.fetchall() if cursor.description else []
    if connection.queries_logged:
        connection.queries_log.append({"sql": f"/* prepared */ {sql}", "time": f"{time.monotonic() - started:.3f}"})
    return found


def run_many(sql: str, params_seq: Sequence[Sequence[Any]], *, using: str = "default") -> int:
    """Execute one statement once per parameter row and return the rows it affected in all.

    On PostgreSQL psycopg sends them in pipeline mode (no wait between statements) and prepares
    the statement; elsewhere Django's cursor runs them one by one."""
    connection = connections[using]
    if not params_seq:
        return 0
    if connection.vendor != "postgresql":
        total = 0
        with connection.cursor() as cursor:
            for params in params_seq:
                cursor.execute(sql, params)
                total += max(cursor.rowcount, 0)
        return total
    import psycopg

    connection.ensure_connection()
    started = time.monotonic()
    _may_prepare(connection)
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.executemany(sql, params_seq)  # type: ignore[arg-type]
        total = max(cursor.rowcount, 0)
    if connection.queries_logged:
        elapsed = f"{time.monotonic() - started:.3f}"
        connection.queries_log.append({"sql": f"/* pipelined x{len(params_seq)} */ {sql}", "time": elapsed})
    return total


def _may_prepare(connection: Any) -> bool:
    """Whether statements may be prepared on this connection (MOTCUA_DB_PREPARED_STATEMENTS).

    Django opens psycopg connections with preparing off (`prepare_threshold=None`) so poolers
    keep working, and its own client-side-binding cursors never prepare. This turns psycopg's
    preparing on for the server-binding cursors used here — or keeps it off when the setting
    says so."""
    raw = connection.connection
    if not settings.MOTCUA_DB_PREPARED_STATEMENTS:
        raw.prepare_threshold = None
        return False
    if raw.prepare_threshold is None:
        raw.prepare_threshold = PREPARE_THRESHOLD
    return True


# executemany prepares a statement after this many executions on a connection (psycopg's default).
PREPARE_THRESHOLD = 5
