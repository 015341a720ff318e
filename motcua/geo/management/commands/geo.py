"""`motcua geo import FILE`: replace official codes from a CSV/JSON file of official codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.geo.actions import geography_import_codes


class Command(BaseCommand):
    help = "Geography maintenance: `geo import FILE` replaces official codes, keeping every link."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="CSV/JSON with level, code, previous_code | (province_code,) name")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="check and show the changes without writing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            report = geography_import_codes(path=path, dry_run=options["dry_run"])
        except DomainError as exc:
            lines = [str(exc.message)]
            for err in exc.errors:
                lines.append(f"  row {err.get('row')}, column {err.get('column')}: {err['message']}")
            raise CommandError("\n".join(lines)) from exc
        for name, old, new in report.changed:
            self.stdout.write(f"{name}: {old} -> {new}")
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(report.changed)} code(s), {report.unchanged} already right"))
