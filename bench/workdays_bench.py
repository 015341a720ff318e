"""Deadline computations per second in one process (goal ≥ 100,000/s), and the clock ledger.

Run: `.venv/bin/python -m bench.workdays_bench [--n 200000]`. Pure Python, no database: the
calendar is built once (as `motcua.workdays.selectors.calendar_for` caches it) and the inputs
are random receipt moments in 2025–2027 with the amounts real catalogues use. Prints a
Markdown table; the figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_DEBUG", "1")

import django

django.setup()

from motcua.workdays import rules  # noqa: E402
from motcua.workdays.calendars import VN_TZ, WorkCalendar, package_year  # noqa: E402
from motcua.workdays.clock import ClockEvent, StopReason, read_clock  # noqa: E402


def best_rate(fn: Callable[[], int], repeat: int = 3) -> float:
    """Operations per second of the fastest of `repeat` runs (fn returns its operation count)."""
    best = 0.0
    for _ in range(repeat):
        began = time.perf_counter()
        count = fn()
        elapsed = time.perf_counter() - began
        best = max(best, count / elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000, help="computations per run")
    parser.add_argument("--seed", type=int, default=766)
    args = parser.parse_args()
    n = args.n
    rng = random.Random(args.seed)
    origin = datetime(2025, 1, 1, tzinfo=VN_TZ)
    span = int(timedelta(days=3 * 365).total_seconds())
    starts = [origin + timedelta(seconds=rng.randrange(span)) for _ in range(n)]
    days = [rng.choice((1, 2, 3, 5, 7, 10, 15, 20, 30)) for _ in range(n)]
    fractions = [rng.choice((Decimal("0.25"), Decimal("0.5"), Decimal("1.5"), Decimal("2.5"))) for _ in range(n)]
    hours = [rng.choice((2, 4, 8, 16, 24)) for _ in range(n)]
    ends = [s + timedelta(days=rng.randrange(1, 60)) for s in starts]

    began = time.perf_counter()
    package_year.cache_clear()
    cold = WorkCalendar()
    for year in (2025, 2026, 2027, 2028):
        cold.year(year)
    cold_ms = (time.perf_counter() - began) * 1000

    cal = WorkCalendar()
    for year in (2025, 2026, 2027, 2028):
        cal.year(year)

    def whole_days() -> int:
        add = rules.add_working_days
        for s, d in zip(starts, days, strict=True):
            add(cal, s, d)
        return n

    def fractional_days() -> int:
        add = rules.add_working_days
        for s, d in zip(starts, fractions, strict=True):
            add(cal, s, d)
        return n

    def working_hours() -> int:
        add = rules.add_working_hours
        for s, h in zip(starts, hours, strict=True):
            add(cal, s, h)
        return n

    def measure() -> int:
        between = rules.working_seconds_between
        for s, e in zip(starts, ends, strict=True):
            between(cal, s, e)
        return n

    explained_n = min(n, 20_000)

    def explained() -> int:
        for s, d in zip(starts[:explained_n], days[:explained_n], strict=True):
            rules.deadline(cal, s, d, "working_days")
        return explained_n

    day = 8 * 3600
    ledger_n = min(n, 10_000)
    ledgers = []
    for s in starts[:ledger_n]:
        ledgers.append(
            [
                ClockEvent.start(s, limit_seconds=10 * day),
                ClockEvent.stop(s + timedelta(days=2), reason=StopReason.SUPPLEMENT),
                ClockEvent.resume(s + timedelta(days=4)),
                ClockEvent.stop(s + timedelta(days=6), reason=StopReason.SUPPLEMENT),
                ClockEvent.resume(s + timedelta(days=7)),
                ClockEvent.stop(s + timedelta(days=8), reason=StopReason.PAYMENT),
                ClockEvent.resume(s + timedelta(days=9)),
            ]
        )
    as_of = [ledger[-1].at + timedelta(days=3) for ledger in ledgers]

    def ledger() -> int:
        for events, moment in zip(ledgers, as_of, strict=True):
            read_clock(cal, events, as_of=moment)
        return ledger_n

    rows = [
        ("add N working days (int)", whole_days(), best_rate(whole_days)),
        ("add fractional working days (Decimal)", fractional_days(), best_rate(fractional_days)),
        ("add N working hours (int)", working_hours(), best_rate(working_hours)),
        ("working time between two moments", measure(), best_rate(measure)),
        ("deadline with skipped-day explanation", explained(), best_rate(explained)),
        ("clock ledger, 7 events, both readings", ledger(), best_rate(ledger)),
    ]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"cold calendar (holidays package, 4 years, both languages): {cold_ms:.1f} ms")
    print()
    print("| operation | per run | best of 3 (ops/s) |")
    print("|---|---|---|")
    for label, count, rate in rows:
        print(f"| {label} | {count:,} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
