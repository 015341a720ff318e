"""Deny by default (STYLE.md §6): every page and endpoint declares who may reach it, everything
not public refuses an anonymous visitor, and docs/permissions.md is the generated map."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from motcua.core.permissions import PUBLIC, SIGNED_IN, UNDECLARED, route_map, route_map_markdown

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def concrete(path: str) -> str:
    """A path with its arguments filled in (an id that exists in no table, a plausible code)."""
    path = re.sub(r"<int:[a-z_]+>", "987654", path)
    path = re.sub(r"<(str:)?[a-z_]+>", "x", path)
    return re.sub(r"\{[a-z_]+\}", "987654", path)


def test_every_page_and_endpoint_declares_who_may_reach_it() -> None:
    routes = route_map()
    assert len([r for r in routes if r.kind == "page"]) > 40 and len([r for r in routes if r.kind == "api"]) > 50
    undeclared = [(r.kind, r.path, r.methods) for r in routes if r.who == UNDECLARED]
    assert not undeclared, f"declare access with motcua.core.permissions (pages) or auth= (API): {undeclared}"
    assert all(r.rule for r in routes if r.kind == "page"), "a page's declaration says what decides"


@pytest.mark.parametrize("method", ["get", "post"])
def test_nothing_but_public_routes_answers_an_anonymous_visitor(method: str) -> None:
    """Pages send the visitor to the sign-in page; the API answers 401; a wrong method may
    answer 405. Never a 2xx, whatever the path's arguments."""
    client = Client(raise_request_exception=False)
    leaks = []
    for route in route_map():
        if route.who != SIGNED_IN:
            continue
        if route.kind == "api" and method.upper() not in route.methods:
            continue
        response = (
            getattr(client, method)(concrete(route.path), content_type="application/json")
            if (route.kind == "api" and method == "post")
            else getattr(client, method)(concrete(route.path))
        )
        status = response.status_code
        allowed = {401} if route.kind == "api" else {302, 405}
        if status not in allowed or (status == 302 and "/dang-nhap/" not in response["Location"]):
            leaks.append((method, route.path, status))
    assert not leaks, leaks


def test_public_routes_are_the_ones_meant_to_be() -> None:
    """A new public route is a decision: it must be added here, where a reviewer sees it."""
    public_api = {r.path for r in route_map() if r.kind == "api" and r.who == PUBLIC}
    assert public_api == {
        "/api/v1/provinces",
        "/api/v1/provinces/{code}",
        "/api/v1/provinces/{code}/communes",
        "/api/v1/address/convert",
        "/api/v1/agencies",
        "/api/v1/fields",
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
        "/api/v1/authority/resolve",
        "/api/v1/authority/decisions",
        "/api/v1/authority/timeline",
        "/api/v1/calendar/deadline",
        "/api/v1/calendar/overrides",
        "/api/v1/calendar/office-hours",
        "/api/v1/calendar/{year}",
        "/api/v1/public/dossiers/{code}",
        "/api/v1/public/dossiers/{code}/rating",
        "/api/v1/results/{document_code}/verify",
    }


def test_the_permission_map_in_docs_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == route_map_markdown(), (
        "regenerate it: MOTCUA_DEBUG=1 .venv/bin/motcua permissions > docs/permissions.md"
    )


def test_a_signed_in_user_still_only_reaches_their_scope(personas: Any) -> None:
    """The declaration is the gate, not the whole rule: an outsider signed in from another
    province gets 404 for a dossier of Thanh Hóa."""
    from motcua.dossiers.actions import SubmitInput, dossier_submit
    from motcua.dossiers.tests.conftest import radio_certificate_body

    body = radio_certificate_body()
    data = SubmitInput(procedure=body["procedure"], channel=2, applicant=body["applicant"], documents=body["documents"])
    dossier = dossier_submit(acting_user=personas.citizen, data=data, idempotency_key="perm-1").dossier
    client = Client()
    client.force_login(personas.outsider)
    assert client.get(f"/vi/ho-so/{dossier.pk}/").status_code == 404


def test_a_write_without_a_token_or_csrf_is_refused_in_the_api_shape() -> None:
    """As a browser would send it: no token, no CSRF cookie. The session check refuses it first;
    the answer is the API's error shape with a translated reason, not Django's bare 403."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/dossiers/batch/claim", {"items": [{"id": 1}]}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed" and "CSRF" in response.json()["message"]
    english = client.post("/api/v1/dossiers", {}, content_type="application/json", headers={"Accept-Language": "en"})
    assert english.json()["message"].startswith("Missing or wrong anti-forgery (CSRF) token")
    # A script sending a wrong token is told about the token, not about CSRF.
    bearer = client.post(
        "/api/v1/dossiers/batch/claim",
        {"items": [{"id": 1}]},
        content_type="application/json",
        headers={"Authorization": "Bearer not-a-token"},
    )
    assert bearer.status_code == 401 and bearer.json()["code"] == "unauthorized"
