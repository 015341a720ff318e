"""The fixed December 2026 month of the metrics tests: six dossiers of the amateur radio
operator certificate in Thanh Hóa walked through the API as the personas would (the table is in
`test_index.py`), and the helpers that walk them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from motcua.dossiers.tests.conftest import PDF, b64, radio_certificate_body

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> Any:
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=VN), tick=False)


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.json()
    return response.json()  # type: ignore[no-any-return]


def submit(api: Any, key: str, **overrides: Any) -> dict[str, Any]:
    response = api.post("/api/v1/dossiers", radio_certificate_body(**overrides), **{"Idempotency-Key": key})
    assert response.status_code == 201, response.json()
    return response.json()  # type: ignore[no-any-return]


def to_leader(apis: Any, dossier: dict[str, Any]) -> dict[str, Any]:
    steps = ("pass", "claim", "pass") if dossier.get("assignee") else ("claim", "pass", "claim", "pass")
    for action in steps:
        dossier = ok(apis.specialist.act(dossier, action))
    return ok(apis.leader.act(dossier, "claim"))


def walk_december(apis: Any) -> dict[str, dict[str, Any]]:
    """D1–D6 of `test_index.py`, keyed by name, as the API last answered each."""
    out: dict[str, dict[str, Any]] = {}
    with at("2026-12-07 09:00"):  # a Monday
        for name in ("D1", "D2", "D4"):
            out[name] = submit(apis.citizen, name)
    with at("2026-12-07 10:00"):
        for name in ("D1", "D2", "D4"):
            out[name] = ok(apis.counter_province.act(out[name], "accept"))
        out["D5"] = ok(apis.counter_province.act(submit(apis.counter_province, "D5", channel=1), "accept"))
        out["D5"] = ok(apis.specialist.act(out["D5"], "claim"))
    with at("2026-12-07 15:30"):
        out["D3"] = ok(apis.counter_commune.act(submit(apis.counter_commune, "D3", channel=1), "accept"))

    # D1: paid online, decided on Wednesday, returned and rated 5.
    with at("2026-12-09 09:00"):
        d1 = ok(apis.specialist.act(out["D1"], "claim"))
        d1 = ok(apis.specialist.act(d1, "request-payment", note="Nộp lệ phí"))
        d1 = ok(apis.citizen.act(d1, "record-payment", reference="VNPAY-1"))
        d1 = ok(apis.specialist.act(d1, "pass"))
        d1 = ok(apis.specialist.act(d1, "claim"))
        d1 = ok(apis.specialist.act(d1, "pass"))
        d1 = ok(apis.leader.act(d1, "claim"))
        d1 = ok(apis.leader.act(d1, "approve"))
    with at("2026-12-10 08:00"):
        d1 = ok(apis.counter_province.act(d1, "return-result"))
        out["D1"] = ok(apis.citizen.act(d1, "rate", score=5))

    # D2: two supplement requests (the second with its legal basis), then approved in time.
    photo = [{"component": "Ảnh chân dung 3x4 cm", "file_name": "anh.pdf", "content_base64": b64(PDF)}]
    with at("2026-12-07 14:00"):
        d2 = ok(apis.specialist.act(out["D2"], "claim"))
        d2 = ok(apis.specialist.act(d2, "request-supplement", reason="Ảnh chân dung bị mờ"))
    with at("2026-12-08 09:00"):
        d2 = ok(apis.citizen.act(d2, "supply", documents=photo))
        d2 = ok(
            apis.specialist.act(
                d2,
                "request-supplement",
                reason="Thiếu bản khai kinh nghiệm",
                legal_basis="Thông tư 05/2025/TT-BKHCN, Điều 8",
            )
        )
    with at("2026-12-09 09:00"):
        d2 = ok(apis.citizen.act(d2, "supply", documents=photo))
    with at("2026-12-10 09:00"):
        out["D2"] = ok(apis.leader.act(to_leader(apis, d2), "approve"))

    # D3: decided after its appointment (Monday 21/12 15:30), returned, rated 2 from the tracking page.
    with at("2026-12-23 10:00"):
        d3 = ok(apis.leader.act(to_leader(apis, out["D3"]), "approve"))
        d3 = ok(apis.counter_commune.act(d3, "return-result"))
        rated = apis.citizen.client.post(
            f"/api/v1/public/dossiers/{d3['code']}/rating",
            {"phone": "0912345678", "score": 2},
            content_type="application/json",
        )
        assert rated.status_code == 200, rated.json()
        out["D3"] = d3

    with at("2026-12-08 11:00"):
        out["D4"] = ok(apis.citizen.act(out["D4"], "withdraw", reason="Tôi không cần nữa"))
    with at("2026-12-30 09:00"):
        out["D6"] = submit(apis.citizen, "D6")
    return out
