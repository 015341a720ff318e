"""Service-quality figures at national scale (issue 11, "Scale"), measured in one run:

(a) generation: `motcua generate` of N dossiers with their events and counters (skipped with
    --reuse when the database already holds them; the figure of the run that made them is in
    docs/benchmarks.md);
(b) the Decision 766 index of each of the 34 provinces for the year, read from the counters
    in one pass (`metrics.selectors.indexes_by_province`, as the national ranking and map read
    it; also 34 calls of `index_for`, one per province), beside DuckDB scanning the
    same dossiers (copied out of PostgreSQL into a DuckDB in-memory table first, not timed)
    for the inputs of the same index: one GROUP BY province over the year's dossiers.
    Goal: motcua ≤ 0.5 × DuckDB;
(c) a province dashboard page (`/vi/chi-so/tinh/38/`, the year) and the national one, rendered
    by Django's test client in this process as the ministry's supervisor: p50 / p95 of --pages
    requests after warm-up. Goal: province p95 ≤ 150 ms;
(d) counter upkeep: the same dossier actions (submit, accept, claim, pass…, approve,
    return-result), each committing, with the counter writer registered and without it,
    alternating blocks of 10 dossiers in one process, in a database of its own
    (`<database>_upkeep`, 20,000 generated dossiers; its province is rebuilt afterwards, since
    the dossiers walked without the writer were not counted). Goal: ≤ 10 % more per action.

Run: `make bench-metrics` or
    .venv/bin/pip install -e ".[dev,bench]"     # once: DuckDB
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_metrics \\
        .venv/bin/python -m bench.metrics_bench [--dossiers 10000000] [--reuse] [--pages 40]
The database is migrated and the reference data loaded first. Prints a Markdown table and
saves bench/results/metrics_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_DEBUG", "1")
os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from motcua.core.setup import REFERENCE_STEPS, steps  # noqa: E402
from motcua.dossiers import store  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.geo.models import Province  # noqa: E402
from motcua.metrics import selectors  # noqa: E402
from motcua.metrics.counting import counter_statements  # noqa: E402
from motcua.metrics.generate import KEY_PREFIX, Options, generate  # noqa: E402

ROOT = Path(__file__).resolve().parent
# The dossier columns the index reads, as DuckDB gets them.
COLUMNS = [
    "province_code",
    "channel",
    "status",
    "submitted_at",
    "accepted_at",
    "finished_at",
    "appointment_at",
    "decision",
    "on_time_766",
    "on_time_118",
    "payment_channel",
    "fee_total",
    "digitised",
    "reuses_edata",
    "uses_population_data",
    "rating",
    "supplement_count",
    "extended",
    "portal_synced_in_time",
]
# The inputs of the index for a year, per province, straight from the dossiers.
DUCK_QUERY = """
SELECT province_code,
  count(*) FILTER (WHERE submitted_at >= $start AND submitted_at < $end) AS received,
  count(*) FILTER (WHERE channel = 2 AND submitted_at >= $start AND submitted_at < $end) AS online,
  count(*) FILTER (WHERE accepted_at >= $start AND accepted_at < $end) AS accepted,
  count(*) FILTER (WHERE status = 3 AND submitted_at >= $start AND submitted_at < $end) AS refused,
  count(*) FILTER (WHERE finished_at >= $start AND finished_at < $end) AS finished,
  count(*) FILTER (WHERE finished_at >= $start AND finished_at < $end AND on_time_766) AS on_time_766,
  count(*) FILTER (WHERE finished_at >= $start AND finished_at < $end AND NOT on_time_766) AS late_766,
  count(*) FILTER (WHERE finished_at >= $start AND finished_at < $end AND on_time_118) AS on_time_118,
  count(*) FILTER (WHERE finished_at IS NULL AND status IN (2, 4, 5, 6) AND appointment_at < $end) AS open_late,
  count(*) FILTER (WHERE finished_at IS NULL AND status IN (2, 4, 5, 6) AND appointment_at >= $end) AS open_in_time,
  count(*) FILTER (WHERE finished_at >= $start AND finished_at < $end AND decision = 'result' AND channel = 2)
    AS e_result,
  count(*) FILTER (WHERE fee_total > 0 AND submitted_at >= $start AND submitted_at < $end) AS with_fee,
  count(*) FILTER (WHERE payment_channel = 'online' AND submitted_at >= $start AND submitted_at < $end)
    AS paid_online,
  count(*) FILTER (WHERE digitised AND submitted_at >= $start AND submitted_at < $end) AS digitised,
  count(*) FILTER (WHERE reuses_edata AND submitted_at >= $start AND submitted_at < $end) AS reuses_edata,
  count(*) FILTER (WHERE uses_population_data AND submitted_at >= $start AND submitted_at < $end)
    AS population,
  count(*) FILTER (WHERE supplement_count = 1 AND submitted_at >= $start AND submitted_at < $end) AS supplement_1,
  count(*) FILTER (WHERE supplement_count > 1 AND submitted_at >= $start AND submitted_at < $end) AS supplement_n,
  count(*) FILTER (WHERE extended AND submitted_at >= $start AND submitted_at < $end) AS extended,
  count(*) FILTER (WHERE portal_synced_in_time AND submitted_at >= $start AND submitted_at < $end) AS synced,
  count(rating) FILTER (WHERE submitted_at >= $start AND submitted_at < $end) AS rated,
  sum(rating) FILTER (WHERE submitted_at >= $start AND submitted_at < $end) AS rating_points,
  count(*) FILTER (WHERE rating <= 2 AND submitted_at >= $start AND submitted_at < $end) AS disliked
FROM dossier GROUP BY province_code ORDER BY province_code
"""


def timed(fn: Any, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append(time.perf_counter() - began)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def prepare() -> Any:
    call_command("migrate", verbosity=0)
    for step in steps(REFERENCE_STEPS):
        step(progress=False)
    from motcua.org.tests.personas import make_personas

    return make_personas()


def generated() -> int:
    return Dossier.objects.filter(idempotency_key__startswith=KEY_PREFIX).count()


def bench_generate(n: int, reuse: bool, workers: int) -> dict[str, Any]:
    have = generated()
    if reuse and have >= n:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return {"dossiers": have, "skipped": True}
    began = time.perf_counter()
    result = generate(Options(dossiers=n - have if reuse else n, workers=workers))
    seconds = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "dossiers": result.dossiers,
        "events": result.events,
        "counter_rows": result.counters + result.month_counters + result.officer_counters,
        "seconds": round(seconds, 1),
        "per_second": round(result.dossiers / seconds),
    }


def bench_index(user: Any, year: int, runs: int) -> dict[str, Any]:
    codes = list(Province.objects.order_by("code").values_list("code", flat=True))
    start, end = date(year, 1, 1), date(year, 12, 31)

    def all_provinces() -> None:
        assert len(selectors.indexes_by_province(user, start=start, end=end)) == len(codes)

    def one_by_one() -> None:
        for code in codes:
            selectors.index_for(user, unit=f"province:{code}", start=start, end=end)

    def report() -> None:
        selectors.report(user, unit="country", start=start, end=end, group_by="province")

    all_provinces()  # warm: indicators, agencies, catalogue facts
    index_times = timed(all_provinces, runs)
    report_times = timed(report, runs)
    single_times = timed(one_by_one, max(1, runs // 2))
    return {
        "provinces": len(codes),
        "index_34_median_s": round(statistics.median(index_times), 4),
        "index_34_one_by_one_median_s": round(statistics.median(single_times), 4),
        "report_by_province_median_s": round(statistics.median(report_times), 4),
    }


def bench_duckdb(year: int, runs: int) -> dict[str, Any]:
    import duckdb

    table = Dossier._meta.db_table
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.csv"
        began = time.perf_counter()
        names = ", ".join(COLUMNS)
        sql = f"COPY (SELECT {names} FROM {table}) TO STDOUT WITH (FORMAT csv)"
        with connection.cursor() as cursor, path.open("wb") as out, cursor.cursor.copy(sql) as copy:
            for block in copy:
                out.write(block)
        con = duckdb.connect()
        types = {
            "province_code": "VARCHAR",
            "channel": "SMALLINT",
            "status": "SMALLINT",
            "submitted_at": "TIMESTAMPTZ",
            "accepted_at": "TIMESTAMPTZ",
            "finished_at": "TIMESTAMPTZ",
            "appointment_at": "TIMESTAMPTZ",
            "decision": "VARCHAR",
            "on_time_766": "BOOLEAN",
            "on_time_118": "BOOLEAN",
            "payment_channel": "VARCHAR",
            "fee_total": "BIGINT",
            "digitised": "BOOLEAN",
            "reuses_edata": "BOOLEAN",
            "uses_population_data": "BOOLEAN",
            "rating": "SMALLINT",
            "supplement_count": "SMALLINT",
            "extended": "BOOLEAN",
            "portal_synced_in_time": "BOOLEAN",
        }
        con.execute(
            "CREATE TABLE dossier AS SELECT * FROM read_csv(?, header=false, columns=?, auto_detect=false)",
            [str(path), types],
        )
        loaded = time.perf_counter() - began
        rows = con.execute("SELECT count(*) FROM dossier").fetchone()[0]
    params = {"start": f"{year}-01-01 00:00:00+07", "end": f"{year + 1}-01-01 00:00:00+07"}
    con.execute(DUCK_QUERY, params).fetchall()  # warm
    times = timed(lambda: con.execute(DUCK_QUERY, params).fetchall(), runs)
    return {
        "rows": rows,
        "load_s": round(loaded, 1),
        "scan_median_s": round(statistics.median(times), 4),
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
        "version": duckdb.__version__,
    }


def bench_pages(user: Any, year: int, pages: int) -> dict[str, Any]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    out: dict[str, Any] = {}
    for name, url in (
        ("province_38", f"/vi/chi-so/tinh/38/?kind=year&year={year}"),
        ("national", f"/vi/chi-so/?kind=year&year={year}"),
    ):
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(pages):
            began = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - began)
            assert response.status_code == 200
        out[name] = {"p50_ms": round(pct(times, 0.5) * 1000, 1), "p95_ms": round(pct(times, 0.95) * 1000, 1)}
    return out


def _walk(personas: Any, key: str) -> list[tuple[str, float]]:
    """One dossier's life in the actions, each action timed."""
    from motcua.dossiers.actions import dossier_act
    from motcua.dossiers.tests.test_concurrency import submit

    out = []

    def act(user: Any, action: str) -> Any:
        began = time.perf_counter()
        done = dossier_act(acting_user=user, dossier_id=dossier.pk, action=action)
        out.append((action, time.perf_counter() - began))
        return done

    began = time.perf_counter()
    dossier = submit(personas.citizen, key)
    out.append(("submit", time.perf_counter() - began))
    dossier = act(personas.counter_province, "accept")
    # The certificate's steps: the specialist examines and drafts, the leader signs.
    for action in ("pass", "claim", "pass") if dossier.assignee_id else ("claim", "pass", "claim", "pass"):
        dossier = act(personas.specialist, action)
    for user, action in (
        (personas.leader, "claim"),
        (personas.leader, "approve"),
        (personas.counter_province, "return-result"),
    ):
        dossier = act(user, action)
    return out


def bench_upkeep(personas: Any, dossiers: int, block: int) -> dict[str, Any]:
    """Each action commits, as in production. Run in its own database (`--only-upkeep`): the
    dossiers walked without the writer leave counters short, so the province is rebuilt after."""
    spent: dict[bool, list[float]] = {True: [], False: []}
    serial = 0

    def run(with_counters: bool) -> None:
        nonlocal serial
        if not with_counters:
            store._WRITERS.remove(counter_statements)
        try:
            for _ in range(block):
                serial += 1
                spent[with_counters] += [t for _a, t in _walk(personas, f"bench-upkeep-{time.time_ns()}-{serial}")]
        finally:
            if not with_counters:
                store.register_writer(counter_statements)

    run(True)  # warm both paths
    run(False)
    spent = {True: [], False: []}
    for _ in range(max(1, dossiers // (2 * block))):
        run(True)
        run(False)
    call_command("metrics", "rebuild", "--province", "38", "--no-progress", verbosity=0)
    with_ms = statistics.mean(spent[True]) * 1000
    without_ms = statistics.mean(spent[False]) * 1000
    return {
        "actions_each": len(spent[True]),
        "with_counters_ms": round(with_ms, 2),
        "without_counters_ms": round(without_ms, 2),
        "overhead_pct": round(100 * (with_ms - without_ms) / without_ms, 1),
    }


def upkeep_in_own_database(dossiers: int) -> dict[str, Any]:
    """The upkeep comparison in `<database>_upkeep` (created if missing, 20,000 generated
    dossiers first so the counter tables are not empty), in a child process."""
    import subprocess
    import sys

    name = f"{settings.DATABASES['default']['NAME']}_upkeep"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False)
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.metrics_bench", "--only-upkeep", "--upkeep", str(dossiers)],
        cwd=ROOT.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the generated dossiers already there")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--upkeep", type=int, default=200, help="dossiers walked for the upkeep comparison")
    parser.add_argument("--only-upkeep", action="store_true", help="(internal) the upkeep comparison, as JSON")
    args = parser.parse_args()

    personas = prepare()
    if args.only_upkeep:
        if generated() < 20_000:
            generate(Options(dossiers=20_000 - generated(), workers=1))
        print(json.dumps(bench_upkeep(personas, args.upkeep, 10)))
        return
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "database": connection.vendor,
        "database_name": settings.DATABASES["default"]["NAME"],
        "date": date.today().isoformat(),
    }
    report["generate"] = bench_generate(args.dossiers, args.reuse, args.workers)
    report["dossiers_in_database"] = Dossier.objects.count()
    report["index"] = bench_index(personas.supervisor, args.year, args.runs)
    report["duckdb"] = bench_duckdb(args.year, args.runs)
    report["index"]["ratio_to_duckdb"] = round(
        report["index"]["index_34_median_s"] / report["duckdb"]["scan_median_s"], 3
    )
    report["pages"] = bench_pages(personas.supervisor, args.year, args.pages)
    report["upkeep"] = upkeep_in_own_database(args.upkeep)

    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "metrics_bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    g, i, d, p, u = report["generate"], report["index"], report["duckdb"], report["pages"], report["upkeep"]
    lines = [
        f"Machine: {report['machine']}; {report['database']} `{report['database_name']}`; "
        f"{report['dossiers_in_database']:,} dossiers; {report['date']}",
        "",
        "| measure | figure | goal |",
        "|---|---|---|",
    ]
    if not g.get("skipped"):
        lines.append(
            f"| generate {g['dossiers']:,} dossiers ({g['events']:,} events, {g['counter_rows']:,} counter rows) "
            f"| {g['seconds']} s ({g['per_second']:,}/s) | 10M ≤ 600 s |"
        )
    lines += [
        f"| index of the {i['provinces']} provinces for {args.year} (counters) | {i['index_34_median_s']} s "
        f"| ≤ 0.5 × DuckDB |",
        f"| DuckDB {d['version']} scan of the same {d['rows']:,} dossiers ({d['threads']} threads, in memory) "
        f"| {d['scan_median_s']} s | — |",
        f"| ratio motcua / DuckDB | {i['ratio_to_duckdb']} | ≤ 0.5 |",
        f"| the same as 34 calls of `index_for` | {i['index_34_one_by_one_median_s']} s | — |",
        f"| report by province, whole country (counters) | {i['report_by_province_median_s']} s | — |",
        f"| province dashboard `/vi/chi-so/tinh/38/` p50 / p95 | {p['province_38']['p50_ms']} / "
        f"{p['province_38']['p95_ms']} ms | p95 ≤ 150 ms |",
        f"| national dashboard `/vi/chi-so/` p50 / p95 | {p['national']['p50_ms']} / "
        f"{p['national']['p95_ms']} ms | — |",
        f"| dossier action with / without counters ({u['actions_each']} actions each) | "
        f"{u['with_counters_ms']} / {u['without_counters_ms']} ms (+{u['overhead_pct']} %) | ≤ +10 % |",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
