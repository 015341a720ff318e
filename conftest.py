"""Test set-up shared by every app: the real reference data is loaded once per test database,
and the personas of STYLE.md §6 are ready as fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Reference geography and agencies are real data every test may rely on (loaded once)."""
    from motcua.core.setup import REFERENCE_STEPS, steps

    with django_db_blocker.unblock():
        for step in steps(REFERENCE_STEPS):
            step(progress=False)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Iterator[None]:
    """Transactional tests (live server, threads) flush every table when their fixtures end:
    put the reference data back so later tests on the same worker still see the real geography."""
    yield
    if nextitem is None:  # the session is over: the test database is already gone
        return
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if transactional or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        from pytest_django.plugin import blocking_manager_key

        from motcua.core.setup import REFERENCE_STEPS, steps

        with item.config.stash[blocking_manager_key].unblock():
            for step in steps(REFERENCE_STEPS):
                step(progress=False)


@pytest.fixture
def personas(db: Any) -> Any:
    """The demo personas (STYLE.md §6) plus an outsider from another province."""
    from motcua.org.tests.personas import make_personas

    return make_personas()


@pytest.fixture
def api_client() -> Client:
    return Client(enforce_csrf_checks=False)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
