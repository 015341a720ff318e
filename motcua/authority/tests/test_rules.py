"""Pure rules: signature blocks (Decree 30/2020/ND-CP Art. 13, Appendix I), how decisions chain
onto statutory competence, and decision windows."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from motcua.authority import rules
from motcua.authority.choices import DecisionKind, Holder, SignMode
from motcua.org.choices import AgencyKind

PC = AgencyKind.PROVINCE_PC.value
DOST = AgencyKind.DEPARTMENT_ST.value


def test_it_signs_for_a_collective_people_s_committee_with_tm() -> None:
    """A People's Committee decides as a collective: its Chairman signs "TM. ỦY BAN NHÂN DÂN",
    a Vice Chairman "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (Decree 30, App. I)."""
    sig = rules.own_signature(rules.Party(PC, Holder.BODY, "Ủy ban nhân dân tỉnh Hưng Yên"))
    assert sig.mode == SignMode.TM
    assert sig.block == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert sig.deputy_wording == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


def test_it_signs_for_the_chairman_in_person_without_tm() -> None:
    """Competence of the Chairman (not the collective): "CHỦ TỊCH"; a deputy "KT. CHỦ TỊCH"."""
    sig = rules.own_signature(rules.Party(PC, Holder.HEAD, "Ủy ban nhân dân tỉnh Hưng Yên"))
    assert sig.wording == "CHỦ TỊCH"
    assert sig.deputy_wording == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


def test_it_signs_by_authorisation_with_tuq_and_no_deputy() -> None:
    """TUQ. (thừa ủy quyền): the authorised head signs in the authoriser's name; authority
    received by authorisation cannot be passed on, so a deputy may not sign KT."""
    sig = rules.authorised_signature(
        rules.Party(PC, Holder.HEAD, "Ủy ban nhân dân tỉnh Hưng Yên"),
        rules.Party(DOST, Holder.HEAD, "Sở Khoa học và Công nghệ tỉnh Hưng Yên"),
    )
    assert sig.mode == SignMode.TUQ
    assert sig.wording == "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert sig.deputy_block is None


def test_it_names_a_ministry_unit_head_by_the_unit_s_kind() -> None:
    assert rules.office_of(AgencyKind.MINISTRY_UNIT, "Cục Tần số vô tuyến điện").head == "Cục trưởng"
    assert rules.office_of(AgencyKind.MINISTRY_UNIT, "Vụ Pháp chế").head == "Vụ trưởng"
    assert rules.office_of(AgencyKind.MINISTRY_UNIT, "Thanh tra Bộ").head == "Chánh Thanh tra"


def test_it_signs_by_order_with_tl() -> None:
    """TL. (thừa lệnh): a unit head signs by order of the head of the body."""
    sig = rules.by_order_signature(rules.Party(AgencyKind.MINISTRY, Holder.HEAD), "Chánh Văn phòng", "Chief of Office")
    assert sig.wording == "TL. BỘ TRƯỞNG / CHÁNH VĂN PHÒNG"


def _step(key: int, kind: str, frm: str, to: str, *, nationwide: bool = False, start: str = "2025-08-01") -> rules.Step:
    return rules.Step(key, kind, frm, Holder.BODY, to, Holder.HEAD, nationwide, datetime.date.fromisoformat(start))


def test_it_keeps_the_principal_under_authorisation_and_moves_it_under_decentralisation() -> None:
    authorised = rules.apply_decisions((PC, Holder.BODY), [_step(1, DecisionKind.AUTHORISATION, PC, DOST)])
    assert authorised.actor == (DOST, Holder.HEAD) and authorised.principal == (PC, Holder.BODY)
    assert authorised.authorised and authorised.applied == (1,)
    moved = rules.apply_decisions((PC, Holder.BODY), [_step(1, DecisionKind.DECENTRALISATION, PC, DOST)])
    assert moved.actor == moved.principal == (DOST, Holder.HEAD) and not moved.authorised


def test_it_chains_a_nationwide_act_before_a_provincial_one_and_skips_what_does_not_match() -> None:
    """A decree decentralises to the province; the province then authorises its department. A
    decision whose "from" is not the current holder does not apply (and is reported)."""
    steps = [
        _step(2, DecisionKind.AUTHORISATION, PC, DOST, start="2025-07-30"),
        _step(1, DecisionKind.DECENTRALISATION, AgencyKind.MINISTRY_UNIT, PC, nationwide=True, start="2025-09-01"),
        _step(3, DecisionKind.AUTHORISATION, AgencyKind.COMMUNE_PC, DOST),
    ]
    chained = rules.apply_decisions((AgencyKind.MINISTRY_UNIT, Holder.BODY), steps)
    assert chained.applied == (1, 2)
    assert chained.skipped == (3,)
    assert chained.actor == (DOST, Holder.HEAD)


dates = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(dates, st.none() | dates, st.none() | dates)
def test_it_never_extends_a_decision_past_its_own_end_or_its_successor(
    start: datetime.date, valid_to: datetime.date | None, successor: datetime.date | None
) -> None:
    end = rules.effective_end(valid_to, successor)
    if valid_to is not None:
        assert end is not None and end <= valid_to
    if successor is not None:
        assert end is not None and end < successor
    if valid_to is None and successor is None:
        assert end is None


@given(dates, st.none() | dates, dates, st.none() | dates)
def test_window_overlap_is_symmetric(
    a: datetime.date, a_to: datetime.date | None, b: datetime.date, b_to: datetime.date | None
) -> None:
    assert rules.windows_overlap(a, a_to, b, b_to) == rules.windows_overlap(b, b_to, a, a_to)
