"""`motcua generate --dossiers N`: synthetic dossiers with their events and counters (load tests,
benchmarks, dashboards at scale); see `motcua.metrics.generate`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.metrics.generate import Options, generate


class Command(BaseCommand):
    help = (
        "Create N synthetic dossiers with their events and counters across the provinces "
        "(idempotency keys gen-<seed>-…, applicants 'Dữ liệu mẫu …'); deterministic with --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, required=True, help="how many dossiers")
        parser.add_argument("--provinces", default="all", help="'all' (the default) or codes: 38,33")
        parser.add_argument("--seed", type=int, default=0, help="random seed (the same seed gives the same data)")
        parser.add_argument("--year", type=int, default=2026, help="the year the dossiers are submitted in")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="provinces generated side by side, one process each (PostgreSQL; SQLite always uses one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dossiers"] < 1:
            raise CommandError("--dossiers must be at least 1")
        raw = str(options["provinces"]).strip()
        provinces = None if raw in {"", "all"} else [c.strip().zfill(2) for c in raw.split(",") if c.strip()]
        started = time.perf_counter()
        try:
            result = generate(
                Options(
                    dossiers=options["dossiers"],
                    provinces=provinces,
                    seed=options["seed"],
                    year=options["year"],
                    progress=not options["no_progress"],
                    workers=options["workers"],
                )
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{result.dossiers} dossiers, {result.events} events, {result.counters} daily, "
            f"{result.month_counters} monthly and {result.officer_counters} officer counter rows "
            f"in {seconds:.1f} s"
        )
