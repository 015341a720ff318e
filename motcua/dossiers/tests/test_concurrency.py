"""Concurrency on PostgreSQL: parallel intake gives gap-free unique codes; parallel conflicting
actions give exactly one winner; a retried submission racing itself makes no duplicate."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from motcua.core.errors import Conflict, DomainError
from motcua.dossiers.actions import SubmitInput, dossier_act, dossier_act_many, dossier_submit
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import radio_certificate_body

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_parallel(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Start all jobs together (a barrier) and collect results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def submit(user: Any, key: str, **overrides: Any) -> Dossier:
    body = radio_certificate_body(**overrides)
    data = SubmitInput(
        procedure=body["procedure"],
        channel=body["channel"],
        applicant=body["applicant"],
        documents=body["documents"],
        summary=body["summary"],
    )
    return dossier_submit(acting_user=user, data=data, idempotency_key=key).dossier


def test_parallel_acceptance_gives_gap_free_unique_codes(personas: Any) -> None:
    dossiers = [submit(personas.citizen, f"par-{i}") for i in range(12)]
    outcomes = run_parallel(
        [
            (lambda pk=d.pk: dossier_act(acting_user=personas.counter_province, dossier_id=pk, action="accept"))
            for d in dossiers
        ]
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    sequences = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert sequences == list(range(1, 13)), codes
    assert len(set(codes)) == 12


def test_parallel_batches_and_single_acceptances_share_one_gap_free_sequence(personas: Any) -> None:
    """Two batches of five and three single acceptances at the same centre, all at once: a batch
    reserves its numbers together, so the 13 codes are 1..13 whatever the interleaving."""
    dossiers = [submit(personas.citizen, f"mix-{i}") for i in range(13)]
    counter = personas.counter_province
    first, second, singles = dossiers[:5], dossiers[5:10], dossiers[10:]
    jobs: list[Callable[[], Any]] = [
        lambda: dossier_act_many(acting_user=counter, action="accept", items=[(d.pk, None) for d in first]),
        lambda: dossier_act_many(acting_user=counter, action="accept", items=[(d.pk, None) for d in second]),
    ]
    jobs += [(lambda pk=d.pk: dossier_act(acting_user=counter, dossier_id=pk, action="accept")) for d in singles]
    outcomes = run_parallel(jobs)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    sequences = sorted(int(code.rsplit("-", 1)[1]) for code in Dossier.objects.values_list("code", flat=True))
    assert sequences == list(range(1, 14))


def test_parallel_conflicting_actions_have_exactly_one_winner(personas: Any) -> None:
    dossier = submit(personas.citizen, "race-1")
    outcomes = run_parallel(
        [
            lambda: dossier_act(
                acting_user=personas.counter_province, dossier_id=dossier.pk, action="accept", expected_version=1
            ),
            lambda: dossier_act(
                acting_user=personas.counter_province,
                dossier_id=dossier.pk,
                action="refuse",
                expected_version=1,
                params={"reason": "Hồ sơ không đúng thẩm quyền"},
            ),
        ]
    )
    winners = [o for o in outcomes if isinstance(o, Dossier)]
    losers = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert Dossier.objects.get(pk=dossier.pk).events.count() == 2


def test_a_retry_racing_its_original_makes_no_duplicate(personas: Any) -> None:
    outcomes = run_parallel([lambda: submit(personas.citizen, "same-key") for _ in range(4)])
    assert not [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, DomainError)], outcomes
    assert Dossier.objects.filter(idempotency_key="same-key").count() == 1
    assert {o.pk for o in outcomes if isinstance(o, Dossier)} == {Dossier.objects.get().pk}
