"""`motcua permissions`: print who may reach each page and endpoint (docs/permissions.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.permissions import route_map_markdown


class Command(BaseCommand):
    help = "Print the map of pages and endpoints with the access each declares (Markdown)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(route_map_markdown(), ending="")
