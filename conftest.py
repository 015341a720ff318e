"""Test set-up shared by every app: the real reference data is loaded once per test database,
and the personas of STYLE.md §6 are ready as fixtures."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate limits count in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _forget_published_versions() -> Iterator[None]:
    """Published versions and their steps are kept in memory per process (they never change);
    tests roll their rows back and ids come round again, so each test starts without them."""
    yield
    from motcua.catalog.selectors import _in_force_version
    from motcua.dossiers.access import _steps

    _in_force_version.cache_clear()
    _steps.cache_clear()


@pytest.fixture
def personas(db: Any) -> Any:
    """The demo personas (STYLE.md §6) plus an outsider from another province."""
    from motcua.org.tests.personas import make_personas

    return make_personas()


CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser), for UI tests."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium (make install does)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh Vietnamese-locale browser context and page for one test."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


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
