"""A dossier from online submission to returned result, through supplement, payment and
extension, via the API — and the same through counter intake at a commune that is not the
competent one. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.dossiers.replay import fold, matches
from motcua.dossiers.tests.conftest import PDF, b64, radio_certificate_body

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> Any:
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=VN), tick=False)


def test_it_walks_an_online_dossier_to_its_returned_result(apis: Any) -> None:
    with at("2026-12-07 09:00"):  # a Monday
        created = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": "k-1"})
        assert created.status_code == 201, created.json()
        dossier = created.json()
        assert dossier["status"] == 1 and dossier["code"] is None
        assert dossier["receiving_agency"]["identifier"] == "000.00.01.H38"
        assert dossier["processing_agency"]["identifier"] == "000.00.02.H38"
        assert dossier["applicant"]["masked"] is False
        assert len(dossier["documents"]) == 3

        # A retried submission makes no duplicate; a different body with the same key is refused.
        again = apis.citizen.post("/api/v1/dossiers", radio_certificate_body(), **{"Idempotency-Key": "k-1"})
        assert again.status_code == 201 and again.json()["id"] == dossier["id"]
        assert again["Idempotent-Replayed"] == "true"
        other = apis.citizen.post(
            "/api/v1/dossiers", radio_certificate_body(summary="khác"), **{"Idempotency-Key": "k-1"}
        )
        assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
        assert Dossier.objects.count() == 1

    with at("2026-12-07 10:00"):
        assert "accept" in apis.counter_province.get(f"/api/v1/dossiers/{dossier['id']}").json()["allowed_actions"]
        accepted = apis.counter_province.act(dossier, "accept", note="Đủ thành phần")
        assert accepted.status_code == 200, accepted.json()
        dossier = accepted.json()
        assert dossier["status"] == 2
        assert dossier["code"] == "000.00.02.H38-261207-0001"
        # 10 working days from Monday 10:00 → the Monday two weeks later at 10:00
        assert dossier["appointment_at"].startswith("2026-12-21T")
        assert dossier["current_step"]["role"] == "specialist"

    with at("2026-12-07 14:00"):
        dossier = apis.specialist.act(dossier, "claim").json()
        assert dossier["status"] == 4 and dossier["assignee"]["name"] == "Trần Minh Hòa"
        # Supplement after appraisal within 3 working days: the clock stops.
        response = apis.specialist.act(dossier, "request-supplement", reason="Ảnh chân dung bị mờ, đề nghị nộp lại")
        assert response.status_code == 200, response.json()
        dossier = response.json()
        assert dossier["status"] == 5 and dossier["supplement_count"] == 1

    with at("2026-12-09 09:00"):
        supplied = apis.citizen.act(
            dossier,
            "supply",
            documents=[{"component": "Ảnh chân dung 3x4 cm", "file_name": "anh.pdf", "content_base64": b64(PDF)}],
        )
        assert supplied.status_code == 200, supplied.json()
        dossier = supplied.json()
        assert dossier["status"] == 4
        # Decree 118: the time restarts from zero when the completed dossier arrives.
        assert dossier["appointment_at"].startswith("2026-12-23T")
        assert dossier["clock"]["decision_766"]["supplement_requests"] == 1

    with at("2026-12-09 10:00"):
        dossier = apis.specialist.act(dossier, "pass", note="Hồ sơ hợp lệ").json()
        dossier = apis.specialist.act(dossier, "claim").json()
        dossier = apis.specialist.act(dossier, "request-payment", note="Nộp lệ phí").json()
        assert dossier["status"] == 6
        paid = apis.citizen.act(dossier, "record-payment", reference="VNPAY-20261209-001").json()
        assert paid["status"] == 4 and paid["payment_status"] == 1
        dossier = paid
        dossier = apis.specialist.act(dossier, "pass", note="Trình lãnh đạo").json()
        assert dossier["current_step"]["role"] == "leader"

    with at("2026-12-18 09:00"):
        extended = apis.leader.act(
            dossier, "extend", reason="Cần thêm thời gian sát hạch thực tế", extra_working_days=3
        )
        assert extended.status_code == 200, extended.json()
        dossier = extended.json()
        assert dossier["extended"] is True
        assert dossier["appointment_at"].startswith("2026-12-28T")
        second = apis.leader.act(dossier, "extend", reason="Lại xin gia hạn lần nữa", extra_working_days=1)
        assert second.status_code == 422 and second.json()["code"] == "second_extension"

    with at("2026-12-21 15:00"):
        claimed = apis.leader.act(dossier, "claim")
        assert claimed.status_code == 200, claimed.json()
        response = apis.leader.act(claimed.json(), "approve", note="Đồng ý cấp")
        assert response.status_code == 200, response.json()
        approved = response.json()
        assert approved["status"] == 9
        assert approved["results"][0]["document_code"] == "038190001234CCVTDNDU"
        dossier = approved

    with at("2026-12-22 08:00"):
        returned = apis.counter_province.act(dossier, "return-result").json()
        assert returned["status"] == 10
        rated = apis.citizen.act(returned, "rate", score=5, note="Nhanh, chu đáo").json()
        assert rated["rating"] == 5

    events = apis.counter_province.get(f"/api/v1/dossiers/{dossier['id']}/events").json()["items"]
    actions = [e["action"] for e in events]
    assert actions == [
        "submit",
        "accept",
        "claim",
        "request-supplement",
        "supply",
        "pass",
        "claim",
        "request-payment",
        "record-payment",
        "pass",
        "extend",
        "claim",
        "approve",
        "return-result",
        "rate",
    ]
    assert events[1]["clock"]["decree_118"]["appointment"].startswith("2026-12-21")
    stored = Dossier.objects.get(pk=dossier["id"])
    assert matches(stored), fold(stored)
    from motcua.metrics.rebuild import differences

    assert differences() == [], "the counters kept by the walk differ from the events"

    verify = apis.citizen.client.get(f"/api/v1/results/{dossier['results'][0]['document_code']}/verify").json()
    assert verify["valid"] is True and verify["payload"]["holder_id"] == "038190001234"

    public = apis.citizen.client.get(f"/api/v1/public/dossiers/{stored.code}", {"phone": "0912345678"})
    assert public.status_code == 200
    assert public.json()["applicant"]["id_number"] == "*********234"
    assert apis.citizen.client.get(f"/api/v1/public/dossiers/{stored.code}", {"phone": "0900000000"}).status_code == 404


def test_a_commune_counter_receives_a_provincial_procedure_and_it_reaches_the_department(apis: Any) -> None:
    """Reception regardless of administrative boundary (Decree 118 Art. 3.7, 14, 20)."""
    with at("2026-12-07 15:30"):  # after the 15:00 cut-off: paper goes next working day
        body = radio_certificate_body(channel=1)
        created = apis.counter_commune.post("/api/v1/dossiers", body, **{"Idempotency-Key": "counter-1"})
        assert created.status_code == 201, created.json()
        dossier = created.json()
        assert dossier["receiving_agency"]["name"] == "Trung tâm Phục vụ hành chính công phường Hạc Thành"
        assert dossier["processing_agency"]["identifier"] == "000.00.02.H38"
        dossier = apis.counter_commune.act(dossier, "accept").json()
        assert dossier["status"] == 2
        assert dossier["paper_transfer_due_at"] is not None
        assert dossier["code"].startswith("000.00.02.H38-261207-")
    with at("2026-12-08 09:00"):
        # The Department's specialist sees it and processes; the commune counter returns it.
        listed = apis.specialist.get("/api/v1/dossiers", status=2).json()
        assert [d["id"] for d in listed["items"]] == [dossier["id"]]
        dossier = apis.specialist.act(dossier, "claim").json()
        dossier = apis.specialist.act(dossier, "pass").json()
        dossier = apis.specialist.act(dossier, "claim").json()
        dossier = apis.specialist.act(dossier, "pass").json()
        dossier = apis.leader.act(dossier, "claim").json()
        dossier = apis.leader.act(dossier, "approve").json()
        assert dossier["status"] == 9
        done = apis.counter_commune.act(dossier, "return-result")
        assert done.status_code == 200 and done.json()["status"] == 10


def test_a_procedure_that_is_not_boundary_free_is_refused_at_another_commune(apis: Any) -> None:
    from motcua.catalog.models import ProcedureVersion

    fixed = ProcedureVersion.objects.filter(
        status="published", boundary_free=False, competent_body_kind="department_st", level_province=True
    ).first()
    assert fixed is not None, "the catalogue needs a provincial procedure that is not boundary-free"
    body = radio_certificate_body(procedure=fixed.procedure.code, channel=1)
    response = apis.counter_commune.post("/api/v1/dossiers", body, **{"Idempotency-Key": "xray-1"})
    assert response.status_code == 422
    assert response.json()["code"] == "not_boundary_free"
    assert "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa" in response.json()["message"]
    assert Dossier.objects.count() == 0
