"""Counters move with the action that changes a dossier, in the same transaction: a refused or
rolled-back action changes nothing; a batch counts every dossier once; verify finds drift."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.dossiers.actions import dossier_act
from motcua.dossiers.tests.conftest import radio_certificate_body
from motcua.metrics import rebuild
from motcua.metrics.models import Counter

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> Any:
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=VN), tick=False)


def total(measure: str) -> int:
    return sum(Counter.objects.values_list(measure, flat=True))


def submitted(apis: Any, n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        response = apis.counter_province.post(
            "/api/v1/dossiers", radio_certificate_body(channel=1), **{"Idempotency-Key": f"c-{i}"}
        )
        assert response.status_code == 201, response.json()
        out.append(response.json())
    return out


def test_it_counts_a_reception_and_an_acceptance_as_they_happen(apis: Any) -> None:
    with at("2026-12-07 09:00"):
        (dossier,) = submitted(apis, 1)
        assert (total("received"), total("received_counter"), total("pending")) == (1, 1, 1)
        apis.counter_province.act(dossier, "accept")
        assert (total("received"), total("pending"), total("accepted"), total("open_running")) == (1, 0, 1, 1)
        # A retried submission makes no second dossier and no second count.
        again = apis.counter_province.post(
            "/api/v1/dossiers", radio_certificate_body(channel=1), **{"Idempotency-Key": "c-0"}
        )
        assert again.status_code == 201 and total("received") == 1
    assert rebuild.differences() == []


def test_a_refused_or_rolled_back_action_leaves_the_counters_as_they_were(apis: Any, personas: Any) -> None:
    with at("2026-12-07 09:00"):
        (dossier,) = submitted(apis, 1)
        before = rebuild.stored()
        stale = apis.counter_province.post(f"/api/v1/dossiers/{dossier['id']}/accept", {"expected_version": 99})
        assert stale.status_code == 409
        assert rebuild.stored() == before
        with pytest.raises(RuntimeError), transaction.atomic():
            dossier_act(acting_user=personas.counter_province, dossier_id=dossier["id"], action="accept")
            assert total("accepted") == 1
            raise RuntimeError("the caller's transaction fails after the action")
        assert rebuild.stored() == before and total("accepted") == 0


def test_a_batch_counts_each_dossier_once(apis: Any) -> None:
    with at("2026-12-07 09:00"):
        dossiers = submitted(apis, 3)
        response = apis.counter_province.post(
            "/api/v1/dossiers/batch/accept",
            {"items": [{"id": d["id"], "expected_version": d["version"]} for d in dossiers]},
        )
        assert response.status_code == 200, response.json()
    assert (total("accepted"), total("pending"), total("open_running")) == (3, 0, 3)
    assert rebuild.differences() == []


def test_verify_names_the_first_counter_that_drifted(apis: Any) -> None:
    with at("2026-12-07 09:00"):
        submitted(apis, 1)
    call_command("metrics", "verify", "--no-progress")
    Counter.objects.update(received=5)
    with pytest.raises(CommandError, match="received is 5, the events say 1"):
        call_command("metrics", "verify", "--no-progress")
    call_command("metrics", "rebuild", "--no-progress")
    call_command("metrics", "verify", "--no-progress")
