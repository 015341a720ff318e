"""`motcua metrics rebuild [--province 38]` and `motcua metrics verify [--province 38]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.metrics import rebuild


class Command(BaseCommand):
    help = "Recompute the Decision 766 counters from the dossier events, or check that they agree."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["rebuild", "verify"])
        parser.add_argument("--province", help="only this province's code (e.g. 38)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        province = options.get("province")
        progress = not options["no_progress"]
        if options["what"] == "rebuild":
            written = rebuild.rebuild(province, progress=progress)
            self.stdout.write(f"counters rebuilt from the events: {written} rows")
            return
        found = rebuild.differences(province, progress=progress)
        if found:
            raise CommandError(f"{len(found)} counter cells differ from the events; first: {found[0]}")
        self.stdout.write("counters agree with the events")
