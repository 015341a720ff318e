"""The figures are read through indexes (issue 11, "Scale"), checked with EXPLAIN on PostgreSQL
over generated dossiers: every statement that the index, the trend, the ranking of the
provinces, the reports and the drill-down send is planned, with sequential scans disabled so a
missing index shows as a `Seq Scan`; none may scan the dossiers, and none the daily counters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.metrics import selectors
from motcua.metrics.generate import Options, generate
from motcua.metrics.lost import lost_for
from motcua.metrics.models import Indicator
from motcua.metrics.units import parse_unit

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
YEAR = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
BIG = ("dossiers_dossier", "metrics_counter")


@pytest.fixture
def volume(db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    generate(Options(dossiers=3000, provinces=["38", "33", "01"], seed=11, now=NOW))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plans(run: Any) -> list[tuple[str, str]]:
    """(statement, plan) of every SELECT that `run` sends."""
    with CaptureQueriesContext(connection) as captured:
        run()
    out = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            out.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return out


def scans_of_big_tables(found: list[tuple[str, str]]) -> list[str]:
    return [f"{sql[:200]}\n{plan}" for sql, plan in found if any(f"Seq Scan on {table}" in plan for table in BIG)]


@pytest.mark.parametrize("unit", ["province:38", "country"])
def test_the_index_and_its_trend_read_counters_through_indexes(volume: None, personas: Any, unit: str) -> None:
    user = personas.supervisor
    months = [(date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))]
    months.append((date(2026, 12, 1), date(2026, 12, 15)))  # a part of a month: the daily counters
    found = plans(lambda: selectors.index_for(user, unit=unit, **YEAR))
    found += plans(lambda: selectors.index_for(user, unit=unit, start=date(2026, 3, 10), end=date(2026, 5, 20)))
    found += plans(lambda: selectors.index_trend(user, unit=unit, months=months))
    found += plans(lambda: selectors.indexes_by_province(user, **YEAR))
    assert found and not scans_of_big_tables(found)


@pytest.mark.parametrize("group_by", selectors.GROUP_BY)
def test_every_report_reads_counters_through_indexes(volume: None, personas: Any, group_by: str) -> None:
    found = plans(lambda: selectors.report(personas.supervisor, unit="province:38", group_by=group_by, **YEAR))
    assert found and not scans_of_big_tables(found)


def test_a_commune_officers_figures_read_their_agencies_counters(volume: None, personas: Any) -> None:
    found = plans(lambda: selectors.index_for(personas.counter_commune, unit="province:38", **YEAR))
    assert found and not scans_of_big_tables(found)


def test_the_drill_down_of_every_indicator_reads_dossiers_through_indexes(volume: None, personas: Any) -> None:
    unit = parse_unit("province:38")
    period = selectors.Period(date(2026, 1, 1), date(2026, 12, 31))
    found: list[tuple[str, str]] = []
    for code in Indicator.objects.order_by("code").values_list("code", flat=True):
        found += plans(lambda code=code: lost_for(personas.supervisor, code, unit=unit, period=period))
    assert any("dossiers_dossier" in sql for sql, _plan in found)
    assert not scans_of_big_tables(found)
