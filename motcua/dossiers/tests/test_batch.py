"""One action on many dossiers at once (`POST /api/v1/dossiers/batch/{action}`): each dossier gets
its own event and messages, and the batch is all or nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier, DossierEvent, ResultDocument
from motcua.dossiers.replay import fold, matches
from motcua.dossiers.tests.conftest import radio_certificate_body
from motcua.integrations.models import OutboxMessage

pytestmark = pytest.mark.django_db


def accepted(apis: Any, count: int) -> list[dict[str, Any]]:
    out = []
    for index in range(count):
        created = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": f"b-{index}"})
        assert created.status_code == 201, created.json()
        response = apis.counter_province.act(created.json(), "accept")
        assert response.status_code == 200, response.json()
        out.append(response.json())
    return out


def batch(api: Any, action: str, dossiers: list[dict[str, Any]], **body: Any) -> Any:
    items = [{"id": d["id"], "expected_version": d["version"]} for d in dossiers]
    return api.post(f"/api/v1/dossiers/batch/{action}", {"items": items, **body})


def test_a_specialist_claims_passes_and_a_leader_approves_a_batch(apis: Any) -> None:
    dossiers = accepted(apis, 3)
    claimed = batch(apis.specialist, "claim", dossiers, note="Nhận cả lô")
    assert claimed.status_code == 200, claimed.json()
    body = claimed.json()
    assert body["count"] == 3
    assert [d["id"] for d in body["items"]] == [d["id"] for d in dossiers]
    assert all(d["assignee"]["name"] == "Trần Minh Hòa" for d in body["items"])
    assert all(d["version"] == before["version"] + 1 for d, before in zip(body["items"], dossiers, strict=True))
    for d in body["items"]:
        last = DossierEvent.objects.filter(dossier_id=d["id"]).order_by("-seq").first()
        assert last is not None and (last.action, last.note, last.seq) == ("claim", "Nhận cả lô", d["version"])

    # The two specialist steps, then the leader's decision for the whole batch.
    current = body["items"]
    for action in ("pass", "claim", "pass"):
        response = batch(apis.specialist, action, current)
        assert response.status_code == 200, response.json()
        current = response.json()["items"]
    current = batch(apis.leader, "claim", current).json()["items"]
    approved = batch(apis.leader, "approve", current, result_type="CCVTDNDU")
    assert approved.status_code == 200, approved.json()
    assert {d["status"] for d in approved.json()["items"]} == {9}
    assert ResultDocument.objects.filter(dossier_id__in=[d["id"] for d in dossiers]).count() == 3
    # Each dossier told the Portal and the applicant on its own.
    for d in dossiers:
        # Portal status syncs: submitted, accepted, in progress (first claim), processed.
        assert OutboxMessage.objects.filter(key__startswith=f"dossier:{d['id']}:").count() == 4
        stored = Dossier.objects.get(pk=d["id"])
        assert matches(stored), fold(stored)


def test_one_stale_or_foreign_dossier_refuses_the_whole_batch(apis: Any) -> None:
    dossiers = accepted(apis, 3)
    stale = {**dossiers[1], "version": dossiers[1]["version"] - 1}
    response = batch(apis.specialist, "claim", [dossiers[0], stale, dossiers[2]])
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "batch_refused"
    assert [(e["id"], e["code"]) for e in body["errors"]] == [(dossiers[1]["id"], "version_conflict")]
    assert "1 hồ sơ" in body["message"]

    # A dossier of another province is simply not found for this officer.
    other = apis.counter_hatinh
    response = batch(other, "claim", dossiers[:2])
    assert response.status_code == 422
    assert {e["code"] for e in response.json()["errors"]} == {"not_found"}

    # Nothing changed anywhere.
    for d in dossiers:
        stored = Dossier.objects.get(pk=d["id"])
        assert (stored.version, stored.assignee_id) == (d["version"], None)
        assert stored.events.count() == 2  # submit, accept


def test_a_rule_refusing_one_dossier_rolls_back_the_others(apis: Any) -> None:
    dossiers = accepted(apis, 2)
    claimed = batch(apis.specialist, "claim", dossiers).json()["items"]
    # send-back needs a reason: the rule refuses every dossier, the first one stops the batch.
    response = batch(apis.specialist, "send-back", claimed)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "reason_required"
    assert all(Dossier.objects.get(pk=d["id"]).version == d["version"] for d in claimed)


def test_the_batch_says_what_it_cannot_do(apis: Any) -> None:
    dossiers = accepted(apis, 1)
    not_batchable = batch(apis.citizen, "rate", dossiers, score=5)
    assert not_batchable.status_code == 422 and not_batchable.json()["code"] == "not_batchable"
    empty = apis.specialist.post("/api/v1/dossiers/batch/claim", {"items": []})
    assert empty.status_code == 422 and empty.json()["code"] == "invalid_batch"
    twice = batch(apis.specialist, "claim", dossiers + dossiers)
    assert twice.status_code == 422 and twice.json()["code"] == "invalid_batch"
    unknown = batch(apis.specialist, "fly", dossiers)
    assert unknown.status_code == 404
    english = apis.specialist.client.post(
        "/api/v1/dossiers/batch/claim",
        {"items": []},
        content_type="application/json",
        headers={**apis.specialist._headers(), "Accept-Language": "en"},
    )
    assert "different dossiers" in english.json()["message"]


def test_a_batch_acceptance_numbers_the_codes_without_gaps(apis: Any) -> None:
    """The batch reserves its numbers at once and gives back what it did not use: the next
    acceptance continues the sequence."""
    submitted = []
    for index in range(4):
        created = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": f"c-{index}"})
        submitted.append(created.json())
    done = batch(apis.counter_province, "accept", submitted[:3])
    assert done.status_code == 200, done.json()
    codes = [d["code"] for d in done.json()["items"]]
    assert [c.rsplit("-", 1)[1] for c in codes] == ["0001", "0002", "0003"]
    single = apis.counter_province.act(submitted[3], "accept").json()
    assert single["code"].endswith("-0004")
    # A refused batch gives its numbers back too.
    more = [
        apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": f"d-{i}"}).json()
        for i in range(2)
    ]
    stale = [more[0], {**more[1], "version": more[1]["version"] + 5}]
    assert batch(apis.counter_province, "accept", stale).status_code == 409
    assert apis.counter_province.act(more[0], "accept").json()["code"].endswith("-0005")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_prepared_statements_for_poolers_that_cannot_carry_them(apis: Any, settings: Any) -> None:
    """MOTCUA_DB_PREPARED_STATEMENTS=0 (PgBouncer in transaction mode): the same actions, and no
    new statement is prepared on the connection."""
    from django.db import connection

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return int(cursor.fetchone()[0])

    dossiers = accepted(apis, 6)  # more than psycopg's threshold for preparing on its own
    connection.close()  # a new session: nothing prepared on it yet
    settings.MOTCUA_DB_PREPARED_STATEMENTS = False
    assert prepared() == 0
    claimed = batch(apis.specialist, "claim", dossiers)
    assert claimed.status_code == 200
    assert prepared() == 0

    connection.close()
    settings.MOTCUA_DB_PREPARED_STATEMENTS = True  # the default: the hot statements are prepared
    assert batch(apis.specialist, "pass", claimed.json()["items"]).status_code == 200
    assert prepared() > 0
