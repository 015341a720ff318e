"""`motcua catalog export|import|generate`: the whole catalogue as JSON or Excel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog import exchange
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Catalogue maintenance: `catalog export FILE.json|FILE.xlsx`, `catalog import FILE [--dry-run]` "
        "(checks everything first, writes nothing on any error), `catalog generate FILE.json --count N` "
        "(a realistic synthetic catalogue for benchmarks)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser(
            "export", help="write the whole catalogue, with processes, to FILE (.json or .xlsx; - for stdout JSON)"
        )
        exp.add_argument("file")
        imp = sub.add_parser("import", help="import FILE (.json or .xlsx), all or nothing")
        imp.add_argument("file", type=Path)
        imp.add_argument("--dry-run", action="store_true", help="check and count without writing")
        gen = sub.add_parser("generate", help="write a synthetic catalogue of N procedures to FILE.json")
        gen.add_argument("file", type=Path)
        gen.add_argument("--count", type=int, default=5000)
        gen.add_argument("--seed", type=int, default=2025)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            target = options["file"]
            if target == "-":
                sys.stdout.buffer.write(exchange.export_json())
                return
            path = Path(target)
            if path.suffix.lower() not in (".json", ".xlsx"):
                raise CommandError("the file must end in .json or .xlsx")
            data = exchange.export_json() if path.suffix.lower() == ".json" else exchange.export_xlsx()
            path.write_bytes(data)
            self.stdout.write(self.style.SUCCESS(f"wrote {path} ({len(data):,} bytes)"))
        elif action == "import":
            path = options["file"]
            if not path.exists():
                raise CommandError(f"{path}: no such file")
            try:
                report = exchange.import_catalog(path.read_bytes(), filename=path.name, dry_run=options["dry_run"])
            except DomainError as exc:
                lines = [str(exc.message)]
                for err in exc.errors:
                    lines.append(
                        f"  {err.get('sheet')} row {err.get('row')}, column {err.get('column')}: {err['message']}"
                    )
                raise CommandError("\n".join(lines)) from exc
            verb = "would import" if options["dry_run"] else "imported"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb}: {report.created} version(s) created, {report.updated} updated, "
                    f"{report.unchanged} unchanged ({report.procedures} procedure(s); "
                    f"fields {report.fields_created} created, {report.fields_updated} updated)"
                )
            )
        elif action == "generate":
            from motcua.catalog.generator import generate_catalog

            body = generate_catalog(count=options["count"], seed=options["seed"])
            options["file"].write_bytes(body)
            self.stdout.write(self.style.SUCCESS(f"wrote {options['file']} ({options['count']} procedures)"))
