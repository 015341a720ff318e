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
        "(a realistic synthetic catalogue for benchmarks), `catalog province-import FILE --province 82` "
        "(replace a province's own list of procedures from CSV, JSON or Excel; all or nothing), "
        "`catalog province-summary 82` (its figures)."
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
        prov = sub.add_parser(
            "province-import",
            help="replace a province's list of procedures with FILE (.csv, .json or .xlsx), all or nothing",
        )
        prov.add_argument("file", type=Path)
        prov.add_argument("--province", required=True, help="the province's 2-digit code, e.g. 82 (Đồng Tháp)")
        prov.add_argument("--source", help="where the list came from (for rows that do not say)")
        prov.add_argument("--sample", action="store_true", default=None, help="mark rows as sample data")
        prov.add_argument("--dry-run", action="store_true", help="check and count without writing")
        summ = sub.add_parser("province-summary", help="print a province's catalogue figures as JSON")
        summ.add_argument("province", help="the province's 2-digit code, e.g. 82")

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
                raise _command_error(exc) from exc
            verb = "would import" if options["dry_run"] else "imported"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb}: {report.created} version(s) created, {report.updated} updated, "
                    f"{report.unchanged} unchanged ({report.procedures} procedure(s); "
                    f"fields {report.fields_created} created, {report.fields_updated} updated)"
                )
            )
        elif action == "province-import":
            self._province_import(options)
        elif action == "province-summary":
            import json

            from motcua.catalog.selectors import province_catalogue_summary

            self.stdout.write(json.dumps(province_catalogue_summary(options["province"]), ensure_ascii=False, indent=1))
        elif action == "generate":
            from motcua.catalog.generator import generate_catalog

            body = generate_catalog(count=options["count"], seed=options["seed"])
            options["file"].write_bytes(body)
            self.stdout.write(self.style.SUCCESS(f"wrote {options['file']} ({options['count']} procedures)"))

    def _province_import(self, options: dict[str, Any]) -> None:
        from motcua.catalog.exchange.province import import_province_list
        from motcua.catalog.selectors import province_catalogue_summary

        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            report = import_province_list(
                path.read_bytes(),
                filename=path.name,
                province_code=options["province"],
                source=options["source"],
                sample=options["sample"],
                dry_run=options["dry_run"],
            )
        except DomainError as exc:
            raise _command_error(exc) from exc
        verb = "would import" if options["dry_run"] else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} province {report.province}: {report.rows} procedure(s); {report.created} created, "
                f"{report.updated} updated, {report.deleted} deleted, {report.unchanged} unchanged"
            )
        )
        if not options["dry_run"]:
            summary = province_catalogue_summary(report.province)
            self.stdout.write(
                f"  total {summary['total']}, eligible for full-online {summary['full_online_eligible']}, "
                f"full-online {summary['full_online']}, partially online {summary['partial_online']}"
            )


def _command_error(exc: DomainError) -> CommandError:
    lines = [str(exc.message)]
    for err in exc.errors:
        lines.append(f"  {err.get('sheet')} row {err.get('row')}, column {err.get('column')}: {err['message']}")
    return CommandError("\n".join(lines))
