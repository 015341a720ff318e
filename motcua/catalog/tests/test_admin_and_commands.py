"""Admin screens, the `motcua catalog` command and cross-process index freshness."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.catalog import actions
from motcua.catalog.models import CatalogRevision, ProcedureVersion
from motcua.org.models import User


@pytest.fixture
def superuser(db: Any) -> User:
    return User.objects.create_superuser(username="root.catalog", password="x" * 12, email="r@example.org")


def test_it_shows_the_sample_flag_and_keeps_published_versions_read_only_in_the_admin(
    db: Any, client: Client, superuser: User
) -> None:
    client.force_login(superuser)
    listing = client.get("/vi/admin/catalog/procedureversion/", {"sample__exact": "1"})
    assert listing.status_code == 200 and "1.900017" in listing.content.decode()
    published = ProcedureVersion.objects.get(procedure__code="1.900017", number=2)
    page = client.get(f"/vi/admin/catalog/procedureversion/{published.pk}/change/")
    assert page.status_code == 200 and 'name="name"' not in page.content.decode()  # read-only
    draft = ProcedureVersion.objects.get(procedure__code="1.900001", status="draft")
    page = client.get(f"/vi/admin/catalog/procedureversion/{draft.pk}/change/")
    assert 'name="name"' in page.content.decode()
    assert client.get("/vi/admin/catalog/procedure/").status_code == 200
    assert client.get("/vi/admin/catalog/field/").status_code == 200


def test_it_publishes_from_the_admin_action_with_the_same_rules(db: Any, client: Client, superuser: User) -> None:
    client.force_login(superuser)
    draft = ProcedureVersion.objects.get(procedure__code="1.900001", status="draft")
    client.post("/vi/admin/catalog/procedureversion/", {"action": "publish_today", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published"
    assert ProcedureVersion.objects.get(procedure__code="1.900001", number=1).status == "retired"


def test_it_exports_and_imports_through_the_command(db: Any, tmp_path: Path) -> None:
    for name in ("catalog.json", "catalog.xlsx"):
        path = tmp_path / name
        call_command("catalog", "export", str(path))
        assert path.stat().st_size > 1000
        call_command("catalog", "import", str(path), "--dry-run")
    broken = tmp_path / "broken.json"
    body = json.loads((tmp_path / "catalog.json").read_text())
    body["procedures"][0]["versions"][0]["time_limit"]["unit"] = "weeks"
    broken.write_text(json.dumps(body))
    with pytest.raises(CommandError, match=r"procedures row 1, column versions\[1\]\.time_limit_unit"):
        call_command("catalog", "import", str(broken))


def test_it_generates_a_benchmark_catalogue_that_imports_cleanly(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "generated.json"
    call_command("catalog", "generate", str(path), "--count", "200")
    body = json.loads(path.read_text())
    assert len(body["procedures"]) == 200 and all(p["versions"][0]["sample"] for p in body["procedures"])
    call_command("catalog", "import", str(path))
    assert ProcedureVersion.objects.filter(procedure__code__startswith="3.9").count() == 200


def test_it_tells_other_processes_after_the_commit(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    """Each committed change bumps the revision once, which other processes' indexes check."""
    admin = User.objects.create_superuser(username="root.rev", password="x" * 12, email="v@example.org")
    before = CatalogRevision.objects.filter(pk=1).values_list("revision", flat=True).first() or 0
    version = ProcedureVersion.objects.get(procedure__code="1.900002")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.version_retire(acting_user=admin, version_id=version.pk, valid_to=datetime.date(2025, 12, 31))
    assert len(callbacks) == 1
    assert CatalogRevision.objects.get(pk=1).revision == before + 1
