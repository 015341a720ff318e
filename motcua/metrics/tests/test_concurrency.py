"""Counters under concurrency on PostgreSQL: parallel intake, single actions and batches that
touch the same counter rows all land, without deadlock, and agree with the events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from motcua.dossiers.actions import dossier_act, dossier_act_many
from motcua.dossiers.tests.test_concurrency import run_parallel, submit
from motcua.metrics import rebuild
from motcua.metrics.models import Counter, MonthCounter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def total(model: Any, measure: str) -> int:
    return sum(model.objects.values_list(measure, flat=True))


def test_parallel_intake_actions_and_batches_keep_exact_counters(personas: Any) -> None:
    outcomes = run_parallel([(lambda i=i: submit(personas.citizen, f"cc-{i}")) for i in range(8)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert total(Counter, "received") == 8 and total(MonthCounter, "received") == 8
    dossiers = sorted(outcomes, key=lambda d: d.pk)
    counter = personas.counter_province
    jobs: list[Callable[[], Any]] = [
        lambda: dossier_act_many(acting_user=counter, action="accept", items=[(d.pk, None) for d in dossiers[:4]]),
    ]
    jobs += [(lambda pk=d.pk: dossier_act(acting_user=counter, dossier_id=pk, action="accept")) for d in dossiers[4:]]
    outcomes = run_parallel(jobs)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert (total(Counter, "accepted"), total(Counter, "pending"), total(Counter, "open_running")) == (8, 0, 8)
    assert total(MonthCounter, "accepted") == 8
    assert rebuild.differences() == []
