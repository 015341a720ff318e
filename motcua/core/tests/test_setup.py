"""`motcua setup [--demo]` is idempotent and refuses demo accounts in production."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from motcua.org.models import Membership, User

pytestmark = pytest.mark.django_db


def run_setup(*args: str) -> str:
    out = StringIO()
    call_command("setup", *args, "--no-progress", stdout=out)
    return out.getvalue()


@override_settings(DEBUG=True)
def test_running_setup_twice_changes_nothing_and_says_so() -> None:
    first = run_setup("--demo")
    assert "counter.hacthanh" in first and "motcua-demo-2025" in first
    users = User.objects.count()
    memberships = Membership.objects.count()
    second = run_setup("--demo")
    assert "nothing to change" in second
    assert User.objects.count() == users
    readme_accounts = {
        "counter.thanhhoa",
        "counter.hacthanh",
        "specialist.khcn.thanhhoa",
        "leader.khcn.thanhhoa",
        "admin.thanhhoa",
        "counter.hatinh",
        "supervisor.bokhcn",
        "inspector.bokhcn",
        "citizen.demo",
    }
    assert readme_accounts <= set(User.objects.values_list("username", flat=True))
    assert Membership.objects.count() == memberships


@override_settings(DEBUG=False)
def test_it_refuses_demo_accounts_when_debug_is_off() -> None:
    with pytest.raises(CommandError, match="force-demo"):
        run_setup("--demo")
    assert not User.objects.exists()


@override_settings(DEBUG=False)
def test_force_demo_overrides_the_refusal() -> None:
    assert "Setup complete" in run_setup("--force-demo")
    assert User.objects.filter(username="supervisor.bokhcn").exists()


def test_healthz_checks_the_database(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_settings_fail_loudly_on_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from motcua.core.env import env_bool, env_int, env_secret

    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    with pytest.raises(ImproperlyConfigured, match="must be set"):
        env_secret("X_SECRET_NOT_SET", required=True, fallback="dev")


def test_a_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from motcua.core.env import env_secret

    secret = tmp_path / "key"
    secret.write_text("s3cret-value\n")
    monkeypatch.setenv("X_KEY_FILE", str(secret))
    assert env_secret("X_KEY", required=True, fallback="") == "s3cret-value"
