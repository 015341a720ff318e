"""`motcua outbox status|retry`: what is waiting, what failed, and putting dead letters back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.integrations import outbox
from motcua.integrations.selectors import outbox_summary


class Command(BaseCommand):
    help = "The outbox: `outbox status` (counts, oldest waiting, dead letters), `outbox retry ID… | --dead`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="counts by status and topic, the oldest waiting, recent dead letters")
        status.add_argument("--dead", type=int, default=10, help="how many recent dead letters to list (default 10)")
        retry = sub.add_parser("retry", help="deliver dead (or waiting) messages again, now")
        retry.add_argument("ids", nargs="*", type=int)
        retry.add_argument("--dead", action="store_true", help="every dead letter")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "retry":
            if not options["ids"] and not options["dead"]:
                raise CommandError("name message ids, or --dead for every dead letter")
            count = outbox.requeue(ids=options["ids"] or None, dead=options["dead"])
            self.stdout.write(self.style.SUCCESS(f"{count} message(s) queued again"))
            return
        summary = outbox_summary(dead_limit=options["dead"])
        self.stdout.write("status     count")
        for status, count in summary.by_status.items():
            self.stdout.write(f"{status:<10} {count}")
        if summary.by_topic:
            self.stdout.write("")
            self.stdout.write("topic                    pending  delivered  skipped  dead")
            for topic, counts in summary.by_topic.items():
                self.stdout.write(
                    f"{topic:<24} {counts.get('pending', 0):>7}  {counts.get('delivered', 0):>9}  "
                    f"{counts.get('skipped', 0):>7}  {counts.get('dead', 0):>4}"
                )
        if summary.oldest_pending_at is not None:
            since = timezone.localtime(summary.oldest_pending_at)
            self.stdout.write(f"\noldest waiting since {since:%Y-%m-%d %H:%M:%S} ({since:%Z})")
        if summary.dead:
            self.stdout.write("\ndead letters (newest first):")
            for message in summary.dead:
                error = message.last_error.splitlines()[0][:100] if message.last_error else ""
                self.stdout.write(f"  #{message.id} {message.topic} {message.key} ×{message.attempts}: {error}")
