"""Resolver latency with a busy register: every province has a history of decisions.

    .venv/bin/python -m bench.authority_resolve_bench [--history 4] [--calls 3000]

Builds a fresh SQLite database in a temporary directory (or uses DATABASE_URL), loads the
reference data (geography, agencies, the S&T catalogue, competences, Hưng Yên's decisions),
then records, for each of the 33 other provinces (Hưng Yên keeps its real ones) and every
procedure held by the People's Committee, a chain of `--history` decisions (an authorisation,
then amendments every four months, the last one revoked) through the same `record_decision`
the admin uses (overlap check included). Then times `resolve()` the way dossier intake calls
it: a random procedure (province- or commune-level), a random province and commune, a random
day in 2025-07-01..2027-06-30. Reports wall-clock p50/p95/p99, this process's CPU time per
call and the queries per call. Goal: CPU p99 <= 10 ms and at most 3 queries.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time


def _setup(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_DEBUG", "1")
    os.environ.setdefault("MOTCUA_LOG_LEVEL", "WARNING")
    os.environ["MOTCUA_VAR_DIR"] = tmp
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from motcua.core.setup import REFERENCE_STEPS, steps

    for step in steps(REFERENCE_STEPS):
        step(progress=False)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _fill(history: int) -> int:
    from django.db import transaction

    from motcua.authority.actions import DecisionInput, record_decision
    from motcua.authority.choices import DecisionKind, Holder, Relation
    from motcua.authority.models import Competence
    from motcua.geo.models import Province
    from motcua.org.choices import AgencyKind

    codes = sorted(
        set(
            Competence.objects.filter(body_kind=AgencyKind.PROVINCE_PC, holder=Holder.BODY).values_list(
                "version__procedure__code", flat=True
            )
        )
    )
    created = 0
    start = datetime.date(2025, 9, 1)
    for province in Province.objects.exclude(code="33").order_by("code"):
        with transaction.atomic():
            previous = None
            for step in range(history):
                valid_from = start + datetime.timedelta(days=120 * step)
                data = DecisionInput(
                    number=f"{500 + step}/QĐ-UBND",
                    issued_on=valid_from,
                    issuer_name=f"Ủy ban nhân dân {province.full_name}",
                    kind=DecisionKind.AUTHORISATION if step % 2 == 0 else DecisionKind.DECENTRALISATION,
                    title="Bench",
                    from_kind=AgencyKind.PROVINCE_PC,
                    from_holder=Holder.BODY,
                    to_kind=AgencyKind.DEPARTMENT_ST,
                    to_holder=Holder.HEAD,
                    valid_from=valid_from,
                    province=province.code,
                    procedure_codes=codes,
                )
                relation = Relation.ORIGINAL if previous is None else Relation.AMENDS
                previous = record_decision(acting_user=None, data=data, relation=relation, target=previous)
                created += 1
            revoke_from = start + datetime.timedelta(days=120 * history)
            record_decision(
                acting_user=None,
                data=DecisionInput(
                    number="900/QĐ-UBND",
                    issued_on=revoke_from,
                    issuer_name=f"Ủy ban nhân dân {province.full_name}",
                    kind=DecisionKind.AUTHORISATION,
                    title="Bench revocation",
                    from_kind=AgencyKind.PROVINCE_PC,
                    from_holder=Holder.BODY,
                    to_kind=AgencyKind.DEPARTMENT_ST,
                    to_holder=Holder.HEAD,
                    valid_from=revoke_from,
                    province=province.code,
                    procedure_codes=codes,
                ),
                relation=Relation.REVOKES,
                target=previous,
            )
            created += 1
    return created


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--history", type=int, default=4)
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=118)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        _setup(tmp)
        from django.db import connection

        from motcua.authority.models import Competence, Decision, DecisionProcedure
        from motcua.authority.resolver import resolve
        from motcua.geo.models import Commune, Province

        setup_s = time.perf_counter() - began
        began = time.perf_counter()
        recorded = _fill(args.history)
        fill_s = time.perf_counter() - began

        rng = random.Random(args.seed)
        levels = dict(Competence.objects.values_list("version__procedure__code", "level"))
        codes = sorted(code for code, level in levels.items() if level in ("province", "commune"))
        provinces = list(Province.objects.order_by("code"))
        communes: dict[int, list[Commune]] = {}
        for commune in Commune.objects.all():
            communes.setdefault(commune.province_id, []).append(commune)
        first = datetime.date(2025, 7, 1)
        calls = []
        for _ in range(args.calls):
            code = rng.choice(codes)
            province = rng.choice(provinces)
            commune_code = rng.choice(communes[province.pk]).code if levels[code] == "commune" else None
            calls.append((code, province.code, commune_code, first + datetime.timedelta(days=rng.randrange(730))))

        from django.conf import settings

        settings.DEBUG = False  # as in production: no query log kept per call
        for call in calls[:50]:  # warm the connection and caches
            resolve(*call)
        timings: list[float] = []
        cpu: list[float] = []
        for call in calls:
            t0, c0 = time.perf_counter(), time.process_time()
            resolve(*call)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        counted = [0]

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            counted[0] += 1
            return execute(sql, params, many, context)

        queries: list[int] = []
        with connection.execute_wrapper(count):
            for call in calls[:500]:
                counted[0] = 0
                resolve(*call)
                queries.append(counted[0])
        vendor = connection.vendor
        print(f"database: {vendor}; reference data loaded in {setup_s:.1f} s")
        print(
            f"register: {Decision.objects.count():,} decisions ({recorded:,} recorded by the bench in {fill_s:.1f} s, "
            f"{recorded / fill_s:,.0f}/s with the overlap check), {DecisionProcedure.objects.count():,} procedure links"
        )
        print(
            f"resolve() x {len(calls):,}: p50 {_pct(timings, 50):.2f} ms, p95 {_pct(timings, 95):.2f} ms, "
            f"p99 {_pct(timings, 99):.2f} ms, max queries per call {max(queries)}"
        )
        print(
            f"  CPU time of this process per call: p50 {_pct(cpu, 50):.2f} ms, p99 {_pct(cpu, 99):.2f} ms, "
            f"mean {sum(cpu) / len(cpu):.2f} ms (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        # Judged on this process's CPU time: wall time on a shared 2-core box measures the
        # neighbours (the load average is printed beside it).
        ok = _pct(cpu, 99) <= 10 and max(queries) <= 3
        print("goal (CPU p99 <= 10 ms per call, <= 3 queries):", "met" if ok else "NOT met")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
