"""`motcua oversight import FILE` loads a campaign file idempotently;
`motcua oversight remind [--date YYYY-MM-DD]` records due-soon/overdue reminders (once a day)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.oversight import rules
from motcua.oversight.actions import reminders_record
from motcua.oversight.importer import DEFAULT_FILE, campaign_import


class Command(BaseCommand):
    help = "Oversight: `import FILE` loads an inspection campaign; `remind` records due-date reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=f"a campaign JSON file (default: {DEFAULT_FILE.name} shipped in the app)")
        imp.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
        remind = sub.add_parser("remind", help="record reminders for recommendations due soon or overdue")
        remind.add_argument("--date", type=date.fromisoformat, default=None, help="the day to run for (default today)")
        remind.add_argument("--due-soon-days", type=int, default=rules.DUE_SOON_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                path: Path = options["file"]
                if not path.exists():
                    raise CommandError(f"{path}: no such file")
                result = campaign_import(path=path)
                self.stdout.write(self.style.SUCCESS(str(result)))
            else:
                run = reminders_record(today=options["date"], due_soon_days=options["due_soon_days"])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"reminders for {run.on}: {run.created} recorded, {run.already} already recorded today; "
                        f"{run.mailed_units} unit(s) e-mailed, {run.unreached_units} with no e-mail address"
                    )
                )
        except DomainError as exc:
            lines = [str(exc.message)] + [f"  {e.get('field') or ''}: {e['message']}" for e in exc.errors]
            raise CommandError("\n".join(lines)) from exc
