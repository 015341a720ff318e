"""`motcua portal-standin --port 8765`: run the National Portal stand-in for demos."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.integrations.standin import PortalStandin


class Command(BaseCommand):
    help = (
        "Serve a local stand-in of the National Public Service Portal's status-sync endpoint "
        "(set MOTCUA_PORTAL_URL to the URL it prints). Stops on Ctrl+C or SIGTERM."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any free port)")
        parser.add_argument("--token", default="", help="require this bearer token (default: none)")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        with PortalStandin(options["host"], options["port"], token=options["token"]) as portal:
            self.stdout.write(f"Portal stand-in listening: MOTCUA_PORTAL_URL={portal.url}")
            self.stdout.flush()
            stop.wait()
            self.stdout.write(f"stopped after {len(portal.received)} record(s)")
