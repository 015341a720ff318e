"""`motcua authority resolve CODE --province 33 [--commune 11953] [--date 2025-07-30] [--json]`:
who processes, decides and signs a procedure in a place on a day, with its legal chain."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.authority.resolver import parse_date, resolve
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = "Competence register: `authority resolve CODE --province P [--commune C] [--date D] [--json]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        res = sub.add_parser("resolve", help="who decides a procedure in a place on a day")
        res.add_argument("procedure", help="procedure code, e.g. 1.900001")
        res.add_argument("--province", help="province code, e.g. 33")
        res.add_argument("--commune", help="commune code (commune-level procedures)")
        res.add_argument("--date", help="YYYY-MM-DD (default: today in Vietnam)")
        res.add_argument("--json", action="store_true", help="print the snapshot the dossier stores")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            answer = resolve(options["procedure"], options["province"], options["commune"], parse_date(options["date"]))
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{answer.procedure_code} v{answer.procedure_version} — {answer.procedure_name}")
        self.stdout.write(
            f"on {answer.on_date.isoformat()}: {answer.processing_agency.name} ({answer.processing_agency.identifier})"
        )
        self.stdout.write(f"decides: {answer.deciding_authority.title}")
        if answer.competent_authority != answer.deciding_authority:
            self.stdout.write(f"in the name of: {answer.competent_authority.title}")
        self.stdout.write(f"signs: {answer.signer.wording}")
        for act in answer.legal_chain:
            self.stdout.write(f"  {act.number} ({act.date or '?'}) {act.title}")
