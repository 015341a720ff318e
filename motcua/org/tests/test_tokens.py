"""API tokens: printed once, stored hashed, expiring and revocable; sessions for browsers."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from motcua.org.actions import token_create
from motcua.org.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def create_token(username: str, *args: str) -> str:
    out = StringIO()
    call_command("token", "create", "--user", username, *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_it_prints_a_token_on_the_last_line_and_stores_only_its_hash(personas: Any) -> None:
    raw = create_token("counter.hacthanh", "--expires-in", "30d")
    token = ApiToken.objects.get(user=personas.counter_commune)
    assert raw.startswith("mc_") and len(raw) > 40
    assert token.key_hash == hash_token(raw)
    assert raw not in {token.key_hash, token.prefix, token.name}
    assert timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_a_bearer_token_authenticates_the_api(personas: Any, client: Client) -> None:
    raw = create_token("counter.hacthanh")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "counter.hacthanh"
    assert body["memberships"][0]["role"] == "counter_officer"
    assert body["visible_agency_count"] == 1


def test_without_credentials_the_api_answers_401_in_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer mc_not-a-real-token"})
    assert bad.status_code == 401


def test_an_expired_token_is_refused(personas: Any, client: Client) -> None:
    issued = token_create(user=personas.specialist, expires_in=timedelta(hours=1))
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {issued.raw}"})
    assert response.status_code == 401


def test_a_revoked_token_is_refused(personas: Any, client: Client) -> None:
    raw = create_token("leader.khcn.thanhhoa")
    out = StringIO()
    call_command("token", "revoke", raw, stdout=out)
    assert "revoked 1" in out.getvalue()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_revoking_by_printed_prefix_and_all_of_a_user(personas: Any) -> None:
    first = create_token("inspector.bokhcn")
    create_token("inspector.bokhcn")
    call_command("token", "revoke", first[:9], stdout=StringIO())
    assert ApiToken.objects.filter(user=personas.inspector, revoked_at__isnull=True).count() == 1
    call_command("token", "revoke", "all", "--user", "inspector.bokhcn", stdout=StringIO())
    assert ApiToken.objects.filter(user=personas.inspector, revoked_at__isnull=True).count() == 0


@pytest.mark.parametrize("expiry", ["0d", "abc", "-5d", "400d"])
def test_it_refuses_a_bad_expiry_with_a_clear_message(personas: Any, expiry: str) -> None:
    with pytest.raises(CommandError):
        create_token("counter.hacthanh", "--expires-in", expiry)
    assert not ApiToken.objects.exists()


def test_an_unknown_user_gets_a_clear_error(db: Any) -> None:
    with pytest.raises(CommandError, match="no such user"):
        create_token("nobody")


def test_a_browser_session_reaches_the_api_and_needs_csrf_to_write(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.supervisor)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["nationwide"] is True


def test_tokens_are_hashed_with_argon2_for_passwords(personas: Any) -> None:
    """Passwords: Argon2 in production (tests put a fast hasher first, STYLE.md §6)."""
    from django.conf import settings

    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS
    with time_machine.travel(timezone.now(), tick=False):
        assert personas.citizen.check_password("motcua-demo-2025")
