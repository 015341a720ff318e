"""Done-when of issue 6: Hưng Yên's Decisions 420/QĐ-UBND (2025-07-30, the Chairman's 5
procedures) and 458/QĐ-UBND (2025-08-01, the People's Committee's 116 procedures) move the
decision to the Director of the Department of S&T. The resolver, the API and the page answer
correctly on both sides of each date, with the legal chain."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.authority.models import Decision
from motcua.authority.resolver import resolve
from motcua.authority.tests.helpers import CHAIRMAN_PROCEDURE, HUNG_YEN, PC_PROCEDURE, day

pytestmark = pytest.mark.django_db

DEPARTMENT = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"
COMMITTEE = "Ủy ban nhân dân tỉnh Hưng Yên"


def test_the_three_hung_yen_decisions_are_in_the_register() -> None:
    decisions = {d.number: d for d in Decision.objects.filter(province__code=HUNG_YEN)}
    assert set(decisions) == {"420/QĐ-UBND", "422/QĐ-UBND", "458/QĐ-UBND"}
    assert decisions["420/QĐ-UBND"].declared_procedure_count == 5
    assert decisions["458/QĐ-UBND"].declared_procedure_count == 116
    assert decisions["458/QĐ-UBND"].sample and all(link.sample for link in decisions["458/QĐ-UBND"].links.all())
    assert not decisions["422/QĐ-UBND"].links.exists()  # tasks, not procedures


@pytest.mark.parametrize(
    ("on", "agency", "wording", "chain"),
    [
        ("2025-07-29", COMMITTEE, "CHỦ TỊCH", ["133/2025/NĐ-CP"]),
        (
            "2025-07-30",
            DEPARTMENT,
            "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            ["133/2025/NĐ-CP", "420/QĐ-UBND"],
        ),
        (
            "2025-08-15",
            DEPARTMENT,
            "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            ["133/2025/NĐ-CP", "420/QĐ-UBND"],
        ),
    ],
)
def test_decision_420_moves_the_chairman_s_procedures_on_2025_07_30(
    on: str, agency: str, wording: str, chain: list[str]
) -> None:
    r = resolve(CHAIRMAN_PROCEDURE, HUNG_YEN, None, day(on))
    assert r.processing_agency.name == agency
    assert r.signer.wording == wording
    assert [a.number for a in r.legal_chain] == chain
    assert r.competent_authority.title == "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên"


@pytest.mark.parametrize(
    ("on", "agency", "wording", "chain"),
    [
        ("2025-07-30", COMMITTEE, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", ["133/2025/NĐ-CP"]),
        ("2025-07-31", COMMITTEE, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", ["133/2025/NĐ-CP"]),
        (
            "2025-08-01",
            DEPARTMENT,
            "TUQ. ỦY BAN NHÂN DÂN / GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            ["133/2025/NĐ-CP", "458/QĐ-UBND"],
        ),
    ],
)
def test_decision_458_moves_the_committee_s_procedures_on_2025_08_01(
    on: str, agency: str, wording: str, chain: list[str]
) -> None:
    r = resolve(PC_PROCEDURE, HUNG_YEN, None, day(on))
    assert r.processing_agency.name == agency
    assert r.signer.wording == wording
    assert [a.number for a in r.legal_chain] == chain


def test_the_api_answers_both_sides_of_2025_07_30(client: Client) -> None:
    before = client.get(f"/api/v1/authority/resolve?procedure={CHAIRMAN_PROCEDURE}&province=33&date=2025-07-29")
    after = client.get(f"/api/v1/authority/resolve?procedure={CHAIRMAN_PROCEDURE}&province=33&date=2025-07-30")
    assert before.status_code == after.status_code == 200
    b, a = before.json(), after.json()
    assert b["processing_agency"]["name"] == COMMITTEE
    assert set(b["processing_agency"]) >= {"id", "identifier", "name"}
    assert b["deciding_authority"]["title"] == "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên"
    assert a["processing_agency"]["name"] == DEPARTMENT
    assert a["deciding_authority"]["title"] == "Giám đốc Sở Khoa học và Công nghệ tỉnh Hưng Yên"
    assert a["signer"]["wording"] == "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert a["legal_chain"][-1] == {
        "number": "420/QĐ-UBND",
        "date": "2025-07-30",
        "title": a["legal_chain"][-1]["title"],
        "role": "decision",
        "kind": "authorisation",
        "decision_id": a["legal_chain"][-1]["decision_id"],
        "amends": None,
        "sample": True,
    }


def test_the_api_answers_both_sides_of_2025_08_01(client: Client) -> None:
    before = client.get(f"/api/v1/authority/resolve?procedure={PC_PROCEDURE}&province=33&date=2025-07-31").json()
    after = client.get(f"/api/v1/authority/resolve?procedure={PC_PROCEDURE}&province=33&date=2025-08-01").json()
    assert before["processing_agency"]["name"] == COMMITTEE
    assert [a["number"] for a in before["legal_chain"]] == ["133/2025/NĐ-CP"]
    assert after["processing_agency"]["name"] == DEPARTMENT
    assert [a["number"] for a in after["legal_chain"]] == ["133/2025/NĐ-CP", "458/QĐ-UBND"]


def test_the_api_lists_the_hung_yen_decisions(client: Client) -> None:
    body = client.get("/api/v1/authority/decisions?province=33").json()
    items = {i["number"]: i for i in body["items"]}
    assert body["count"] == 3
    item = items["458/QĐ-UBND"]
    assert item["issued_on"] == "2025-08-01" and item["valid_from"] == "2025-08-01" and item["valid_to"] is None
    assert item["kind"] == "authorisation"
    assert item["issuer"] == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert item["from"]["kind"] == "province_pc" and item["to"]["kind"] == "department_st"
    assert item["procedures"] == ["1.900006", "1.900007", "1.900008", "1.900043", "1.900044"]
    assert item["sample"] is True
    assert items["422/QĐ-UBND"]["procedures"] == []


def test_the_page_answers_2025_07_15_and_2025_08_15_side_by_side(client: Client) -> None:
    """ "Who decides this in Hưng Yên on 2025-07-15 / 2025-08-15?" — the look-up page."""
    response = client.get(f"/vi/tham-quyen/?procedure={PC_PROCEDURE}&province=33&date=2025-07-15&date=2025-08-15")
    assert response.status_code == 200
    html = response.content.decode()
    july, august = html.split('data-date="2025-08-15"')
    assert 'data-date="2025-07-15"' in july
    assert "TM. ỦY BAN NHÂN DÂN" in july and "458/QĐ-UBND" not in july.split('data-date="2025-07-15"')[1]
    assert "TUQ. ỦY BAN NHÂN DÂN" in august and "458/QĐ-UBND" in august
    # the timeline: statutory from 2025-07-01 to 2025-07-31, then 458 from 2025-08-01
    timeline = html.split('id="timeline"')[1]
    assert "01/07/2025" in timeline and "31/07/2025" in timeline and "01/08/2025" in timeline


def test_the_page_answers_both_sides_of_2025_07_30_in_english(client: Client) -> None:
    html = client.get(
        f"/en/tham-quyen/?procedure={CHAIRMAN_PROCEDURE}&province=33&date=2025-07-29&date=2025-07-30"
    ).content.decode()
    first, second = html.split('data-date="2025-07-30"')
    assert "Chairman, People&#x27;s Committee of Hung Yen province" in first
    assert "Director, Department of Science and Technology of Hung Yen province" in second
    assert "420/QĐ-UBND" in second
    assert '<html lang="en">' in html


def test_without_a_date_it_answers_for_today_in_vietnam() -> None:
    """The legal day is Asia/Ho_Chi_Minh: at 23:30 UTC on 2025-07-29 it is already 2025-07-30
    in Hưng Yên, and Decision 420 applies."""
    import datetime

    import time_machine

    with time_machine.travel(datetime.datetime(2025, 7, 29, 23, 30, tzinfo=datetime.UTC), tick=False):
        r = resolve(CHAIRMAN_PROCEDURE, HUNG_YEN)
    assert r.on_date == day("2025-07-30")
    assert r.legal_chain[-1].number == "420/QĐ-UBND"


def test_the_api_timeline_shows_when_458_took_over(client: Client) -> None:
    body = client.get(f"/api/v1/authority/timeline?procedure={PC_PROCEDURE}&province=33").json()
    periods = [(s["start"], s["end"], s["resolution"]["processing_agency"]["name"]) for s in body["segments"]]
    assert periods == [("2025-07-01", "2025-07-31", COMMITTEE), ("2025-08-01", None, DEPARTMENT)]
    assert client.get("/api/v1/authority/timeline?procedure=9.999999&province=33").status_code == 404
