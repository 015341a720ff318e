"""Two clerks recording overlapping decisions at the same moment: exactly one wins (the place
is locked before the overlap check; docs/decisions/0042)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from motcua.authority.models import Decision
from motcua.authority.tests.helpers import register
from motcua.core.errors import DomainError

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_it_lets_only_one_of_two_simultaneous_overlapping_decisions_through() -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def clerk(number: str) -> None:
        try:
            barrier.wait(timeout=10)
            register(number=number)
            outcomes.append("recorded")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk, args=(n,)) for n in ("301/QĐ-UBND", "302/QĐ-UBND")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["overlap", "recorded"]
    assert Decision.objects.filter(number__in=["301/QĐ-UBND", "302/QĐ-UBND"]).count() == 1
