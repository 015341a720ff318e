"""`motcua token create --user NAME [--expires-in 30d]` / `motcua token revoke PREFIX|TOKEN`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.org.actions import parse_duration, token_create, token_revoke
from motcua.org.models import User


class Command(BaseCommand):
    help = "Create or revoke API bearer tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new token on the last line")
        create.add_argument("--user", required=True)
        create.add_argument("--expires-in", default=f"{settings.MOTCUA_API_TOKEN_DEFAULT_DAYS}d")
        create.add_argument("--name", default="")
        revoke = sub.add_parser("revoke", help="revoke a token by its value or printed prefix")
        revoke.add_argument("token", help="the token, its prefix, or 'all' with --user")
        revoke.add_argument("--user")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options.get("user"):
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no such user: {options['user']}")
        try:
            if options["action"] == "create":
                assert user is not None
                expires: timedelta = parse_duration(options["expires_in"])
                issued = token_create(user=user, expires_in=expires, name=options["name"])
                self.stdout.write(f"token for {user.username}, expires {issued.token.expires_at:%Y-%m-%d %H:%M %Z}")
                self.stdout.write(issued.raw)
            else:
                count = token_revoke(prefix_or_raw=options["token"], user=user)
                self.stdout.write(f"revoked {count} token(s)")
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
