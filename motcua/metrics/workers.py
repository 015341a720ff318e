"""Start-up of `motcua generate`'s worker processes (importable before Django is set up).

Workers are spawned, not forked: a forked child would inherit the parent's database socket,
and two processes on one socket corrupt each other's replies. Each spawned worker sets Django
up itself, as the parent's process is (the same settings module; under the tests, the test
settings), and points it at the parent's database (under the tests, the test database).

A worker that cannot start keeps the error and raises it with its first task, so the parent
sees it (a failing pool initializer would otherwise be restarted for ever).
"""

from __future__ import annotations

import os
from typing import Any

failed: BaseException | None = None


def start(database: dict[str, Any], environ: dict[str, str]) -> None:
    global failed
    try:
        os.environ.update(environ)
        import django

        django.setup()
        from django.conf import settings

        settings.DATABASES["default"].update(database)  # type: ignore[typeddict-item]
    except BaseException as error:
        failed = error


def check() -> None:
    if failed is not None:
        raise RuntimeError(f"the worker could not start: {failed!r}") from failed
