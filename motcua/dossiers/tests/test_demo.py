"""`motcua setup --demo` fills the six provinces of the 2025 visits with dossiers in every
status, made through the real actions (so each dossier equals the fold of its events)."""

from __future__ import annotations

from collections import Counter

import pytest

from motcua.dossiers.demo import PROVINCES, load_demo_dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.replay import matches
from motcua.org.demo import load_demo_accounts

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_status_in_every_visited_province_and_is_idempotent() -> None:
    load_demo_accounts()
    load_demo_dossiers()
    for code in PROVINCES:
        statuses = Counter(Dossier.objects.filter(province_code=code).values_list("status", flat=True))
        assert set(statuses) == set(range(1, 11)), (code, statuses)
    total = Dossier.objects.count()
    again = load_demo_dossiers()
    assert not again.changed and Dossier.objects.count() == total
    assert all(matches(d) for d in Dossier.objects.all()[:40])
    assert Dossier.objects.filter(code__isnull=False, code__startswith="000.00.02.H38-").exists()
