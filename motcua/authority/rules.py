"""Pure rules of competence (no database): titles of office, signature blocks, how decisions
chain onto the statutory competence, and when two decisions collide.

Signature blocks follow Decree 30/2020/ND-CP on clerical work (Art. 13 and Appendix I):
- a collective body (a People's Committee) signs "TM." (thay mặt, on behalf of the collective)
  through its Chairman; a deputy signs "KT." (ký thay, in place of) the head:
  "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH";
- a body run by its head (a department, a ministry unit) signs with the head's title, a deputy
  with "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC";
- "TUQ." (thừa ủy quyền, by authorisation of) is written by someone the head has authorised in
  writing, for a limited time; the authorised person may not authorise anyone else, so there is
  no deputy block under TUQ.;
- "TL." (thừa lệnh, by order of) is signed by the head of a unit or office whom the head
  allows to sign on their behalf.

The words of each title live in one table (`OFFICES`) so a correction is a one-line change
(RULES.md: code that depends on an [M] rule keeps it in one place).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from motcua.authority.choices import DecisionKind, Holder, SignMode
from motcua.org.choices import AgencyKind

COLLECTIVE_KINDS = frozenset({AgencyKind.PROVINCE_PC.value, AgencyKind.COMMUNE_PC.value})


@dataclass(frozen=True)
class Office:
    """The words for a body and its head: collective name (for TM.), head and deputy titles."""

    collective: str  # "Ủy ban nhân dân" for People's Committees, "" for head-run bodies
    head: str
    deputy: str
    head_en: str
    deputy_en: str


OFFICES: dict[str, Office] = {
    AgencyKind.PROVINCE_PC: Office("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch", "Chairman", "Vice Chairman"),
    AgencyKind.COMMUNE_PC: Office("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch", "Chairman", "Vice Chairman"),
    AgencyKind.DEPARTMENT_ST: Office("", "Giám đốc", "Phó Giám đốc", "Director", "Deputy Director"),
    AgencyKind.PROVINCE_CENTRE: Office("", "Giám đốc", "Phó Giám đốc", "Director", "Deputy Director"),
    AgencyKind.COMMUNE_CENTRE: Office("", "Giám đốc", "Phó Giám đốc", "Director", "Deputy Director"),
    AgencyKind.MINISTRY: Office("", "Bộ trưởng", "Thứ trưởng", "Minister", "Deputy Minister"),
    AgencyKind.MINISTRY_UNIT: Office("", "Cục trưởng", "Phó Cục trưởng", "Director General", "Deputy Director General"),
}

# Units of a ministry are headed by different titles depending on what they are.
UNIT_OFFICES: list[tuple[str, Office]] = [
    ("Cục ", OFFICES[AgencyKind.MINISTRY_UNIT]),
    ("Vụ ", Office("", "Vụ trưởng", "Phó Vụ trưởng", "Director", "Deputy Director")),
    ("Văn phòng", Office("", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Chief of Office", "Deputy Chief of Office")),
    ("Thanh tra", Office("", "Chánh Thanh tra", "Phó Chánh Thanh tra", "Chief Inspector", "Deputy Chief Inspector")),
    ("Ủy ban", Office("", "Chủ nhiệm", "Phó Chủ nhiệm", "Chairman", "Vice Chairman")),
]


def office_of(kind: str, agency_name: str = "") -> Office:
    if kind == AgencyKind.MINISTRY_UNIT:
        for prefix, office in UNIT_OFFICES:
            if agency_name.startswith(prefix):
                return office
    return OFFICES.get(kind, OFFICES[AgencyKind.DEPARTMENT_ST])


def is_collective(kind: str, holder: str) -> bool:
    return kind in COLLECTIVE_KINDS and holder == Holder.BODY


def upper(text: str) -> str:
    return text.upper()


@dataclass(frozen=True)
class Party:
    """Who holds or receives competence: a kind of body, as a collective or as its head, and
    (once resolved) the real body's name."""

    kind: str
    holder: str
    agency_name: str = ""

    def title(self) -> str:
        """ "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên", "Ủy ban nhân dân tỉnh Hưng Yên",
        "Giám đốc Sở Khoa học và Công nghệ tỉnh Hưng Yên"."""
        name = str(self.agency_name or AgencyKind(self.kind).label)
        if self.holder == Holder.BODY:
            return name
        return f"{office_of(self.kind, name).head} {name}"

    def head_title(self) -> str:
        return office_of(self.kind, self.agency_name).head


def _bare_body(kind: str, agency_name: str) -> str:
    """The body's name without the place ("Sở Khoa học và Công nghệ tỉnh Hưng Yên" → "Sở Khoa
    học và Công nghệ"): a signature names the body, the letterhead names the place."""
    label = str(AgencyKind(kind).label) if kind in AgencyKind.values else agency_name
    if agency_name and agency_name.startswith(label):
        return label
    for marker in (" tỉnh ", " thành phố ", " xã ", " phường ", " đặc khu "):
        if marker in agency_name:
            return agency_name.split(marker, 1)[0]
    return agency_name or label


@dataclass(frozen=True)
class Signature:
    """How the result is signed: the signing title, the mode, the block printed above the
    signature (principal signer) and the block a deputy uses, if a deputy may sign at all."""

    title: str
    title_en: str
    mode: str
    block: tuple[str, ...]
    deputy_block: tuple[str, ...] | None

    @property
    def wording(self) -> str:
        return " / ".join(self.block)

    @property
    def deputy_wording(self) -> str | None:
        return None if self.deputy_block is None else " / ".join(self.deputy_block)


def own_signature(party: Party) -> Signature:
    """The holder signs in its own competence (statutory, devolved or decentralised)."""
    office = office_of(party.kind, party.agency_name)
    if is_collective(party.kind, party.holder):
        tm = f"TM. {upper(office.collective)}"
        return Signature(
            title=office.head,
            title_en=office.head_en,
            mode=SignMode.TM,
            block=(tm, upper(office.head)),
            deputy_block=(tm, f"KT. {upper(office.head)}", upper(office.deputy)),
        )
    return Signature(
        title=office.head,
        title_en=office.head_en,
        mode=SignMode.OWN,
        block=(upper(office.head),),
        deputy_block=(f"KT. {upper(office.head)}", upper(office.deputy)),
    )


def authorised_signature(authoriser: Party, authorised: Party) -> Signature:
    """The authorised head signs "TUQ." the authoriser: "TUQ. CHỦ TỊCH / GIÁM ĐỐC SỞ KHOA HỌC VÀ
    CÔNG NGHỆ". A collective authoriser is named as the collective ("TUQ. ỦY BAN NHÂN DÂN").
    No deputy block: authority received by authorisation cannot be passed on."""
    giver = office_of(authoriser.kind, authoriser.agency_name)
    giver_words = giver.collective if is_collective(authoriser.kind, authoriser.holder) else giver.head
    taker = office_of(authorised.kind, authorised.agency_name)
    body = _bare_body(authorised.kind, authorised.agency_name)
    taker_words = f"{taker.head} {body}" if authorised.kind not in COLLECTIVE_KINDS else taker.head
    return Signature(
        title=taker.head,
        title_en=taker.head_en,
        mode=SignMode.TUQ,
        block=(f"TUQ. {upper(giver_words)}", upper(taker_words)),
        deputy_block=None,
    )


def by_order_signature(principal: Party, unit_head_title: str, unit_head_title_en: str) -> Signature:
    """A unit head signs "TL." the head of the body: "TL. BỘ TRƯỞNG / CỤC TRƯỞNG CỤC ..."."""
    office = office_of(principal.kind, principal.agency_name)
    return Signature(
        title=unit_head_title,
        title_en=unit_head_title_en,
        mode=SignMode.TL,
        block=(f"TL. {upper(office.head)}", upper(unit_head_title)),
        deputy_block=None,
    )


# ----------------------------------------------------------------------------- chaining


@dataclass(frozen=True)
class Step:
    """One decision as the chain sees it."""

    key: int
    kind: str
    from_kind: str
    from_holder: str
    to_kind: str
    to_holder: str
    nationwide: bool
    valid_from: datetime.date


@dataclass(frozen=True)
class Chained:
    """The outcome of applying decisions to a statutory competence.

    `actor` decides and signs; `principal` is in whose name (differs from the actor only under
    authorisation: the competence stays with the authoriser); `applied` are the keys of the
    decisions that took effect, in order; `skipped` those that did not match the holder."""

    actor: tuple[str, str]
    principal: tuple[str, str]
    authorised: bool
    applied: tuple[int, ...]
    skipped: tuple[int, ...]


def apply_decisions(statutory: tuple[str, str], steps: Iterable[Step]) -> Chained:
    """Walk decisions nationwide first, then provincial, each by effective date: a decision
    applies when its "from" body is the one holding competence at that point.

    Decentralisation and devolution move the competence itself (the receiver decides in its own
    name); authorisation lets the receiver act in the giver's name, so the principal stays."""
    actor = principal = statutory
    authorised = False
    applied: list[int] = []
    skipped: list[int] = []
    for step in sorted(steps, key=lambda s: (not s.nationwide, s.valid_from, s.key)):
        if step.from_kind != actor[0]:
            skipped.append(step.key)
            continue
        applied.append(step.key)
        if step.kind == DecisionKind.AUTHORISATION:
            if not authorised:
                principal = actor
            actor = (step.to_kind, step.to_holder)
            authorised = True
        else:
            actor = principal = (step.to_kind, step.to_holder)
            authorised = False
    return Chained(actor, principal, authorised, tuple(applied), tuple(skipped))


# ----------------------------------------------------------------------------- windows


def windows_overlap(
    a_from: datetime.date, a_to: datetime.date | None, b_from: datetime.date, b_to: datetime.date | None
) -> bool:
    """Closed intervals [from, to], open-ended when `to` is None."""
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


def effective_end(valid_to: datetime.date | None, successor_from: datetime.date | None) -> datetime.date | None:
    """A decision stops the day before its successor (amendment or revocation) takes effect,
    or at its own end, whichever comes first."""
    cut = None if successor_from is None else successor_from - datetime.timedelta(days=1)
    if valid_to is None:
        return cut
    if cut is None:
        return valid_to
    return min(valid_to, cut)


def segment_starts(
    start: datetime.date, boundaries: Sequence[tuple[datetime.date, datetime.date | None]]
) -> list[datetime.date]:
    """Dates at which the answer may change: each window's first day and the day after its end,
    from `start` on, sorted and unique."""
    days = {start}
    for first, last in boundaries:
        if first >= start:
            days.add(first)
        if last is not None and last + datetime.timedelta(days=1) >= start:
            days.add(last + datetime.timedelta(days=1))
    return sorted(days)
