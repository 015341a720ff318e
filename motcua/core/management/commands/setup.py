"""`motcua setup [--demo]`: migrate, load reference data (and demo data). Idempotent."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.setup import DEMO_STEPS, REFERENCE_STEPS, StepResult, steps


class Command(BaseCommand):
    help = "Migrate and load the real reference data; with --demo also demo accounts and data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="also create the demo accounts and data")
        parser.add_argument("--force-demo", action="store_true", help="allow --demo when MOTCUA_DEBUG is off")
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        demo = options["demo"] or options["force_demo"]
        if demo and not settings.DEBUG and not options["force_demo"]:
            raise CommandError(
                "Refusing to create demo accounts with a known password while MOTCUA_DEBUG is off. "
                "Use --force-demo if this really is a demonstration instance."
            )
        progress = not options["no_progress"] and sys.stderr.isatty()
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        call_command("createcachetable", verbosity=0)  # MOTCUA_CACHE=database; nothing otherwise
        results: list[StepResult] = []
        for step in steps(REFERENCE_STEPS + (DEMO_STEPS if demo else [])):
            result = step(progress=progress)
            results.append(result)
            self.stdout.write(f"  {result}")
        if any(r.changed for r in results):
            self.stdout.write(self.style.SUCCESS("Setup complete."))
        else:
            self.stdout.write(self.style.SUCCESS("Setup complete: nothing to change, everything was already in place."))
        if demo:
            self.stdout.write(
                f"Demo accounts (counter.thanhhoa, counter.hacthanh, specialist.khcn.thanhhoa, leader.khcn.thanhhoa, "
                f"admin.thanhhoa, counter.hatinh, supervisor.bokhcn, inspector.bokhcn, citizen.demo; "
                f"ward staff specialist.hacthanh, leader.hacthanh, specialist.hamrong, leader.hamrong, "
                f"specialist.quangphu, leader.quangphu) "
                f"use the password: {settings.MOTCUA_DEMO_PASSWORD}"
            )
