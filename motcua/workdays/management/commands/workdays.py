"""`motcua workdays year 2026 [--province 38]` and `motcua workdays deadline --start ... --amount 5`.

For administrators checking the calendar after the Government announces a swap, and for
officers who want to see how a due time was reached. Read-only.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.workdays import selectors
from motcua.workdays.api import parse_moment
from motcua.workdays.choices import TimeUnit


class Command(BaseCommand):
    help = (
        "Working-day calendar: `workdays year YEAR` lists days off and swapped working days; "
        "`workdays deadline` computes a due time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        year = sub.add_parser("year", help="days off and weekend days worked by swap")
        year.add_argument("year", type=int)
        year.add_argument("--province", help="2-digit province code (its overrides apply)")
        deadline = sub.add_parser("deadline", help="due time of AMOUNT UNIT from START")
        deadline.add_argument("--start", required=True, help="ISO 8601; without a zone, Vietnamese time")
        deadline.add_argument("--amount", required=True)
        deadline.add_argument("--unit", default=TimeUnit.WORKING_DAYS, choices=TimeUnit.values)
        deadline.add_argument("--province")
        deadline.add_argument("--agency", help="agency identifier (its office hours apply)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "year":
                self._year(options)
            else:
                self._deadline(options)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc

    def _year(self, options: dict[str, Any]) -> None:
        view = selectors.calendar_year(year=options["year"], province=options["province"])
        self.stdout.write(f"Office hours: {view.office_hours.label()}")
        self.stdout.write("Days off:")
        for day in view.days_off:
            self.stdout.write(f"  {day.date:%Y-%m-%d} {day.date:%a}  {day.name}")
        self.stdout.write("Weekend days worked by swap:")
        for day in view.working_days:
            self.stdout.write(f"  {day.date:%Y-%m-%d} {day.date:%a}  {day.name}")

    def _deadline(self, options: dict[str, Any]) -> None:
        result = selectors.deadline_compute(
            start=parse_moment(options["start"]),
            amount=options["amount"],
            unit=options["unit"],
            province=options["province"],
            agency=options["agency"],
        )
        self.stdout.write(f"received:     {result.received_at.isoformat()}")
        self.stdout.write(f"counted from: {result.counted_from.isoformat()}")
        self.stdout.write(f"due at:       {result.due_at.isoformat()}")
        for skipped in result.skipped:
            self.stdout.write(f"  skipped {skipped.date:%Y-%m-%d} {skipped.reason.vi}")
