"""What one dossier adds to the counters, and the index formulas. Pure: no database.

`contributions(state)` maps a dossier's state (the replayable snapshot of
`motcua.dossiers.actions.common.snapshot` plus the fields fixed at intake) to the counter rows
it adds to: `{(row key, measure): 1}`. The counters are the sum of that over every dossier, so
an action adds `contributions(after) − contributions(before)` and a rebuild folds the events
and sums again — both give the same figures by construction.

Sources: Decision 766/QD-TTg and the Portal's scoring sheet as RULES.md §3 reconstructs it.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Statuses (the Portal's ten, `motcua.dossiers.choices.Status`), repeated as numbers so this
# module stays free of Django models.
SUBMITTED, ACCEPTED, REFUSED, IN_PROGRESS, SUPPLEMENT, PAYMENT, WITHDRAWN, STOPPED, PROCESSED, RETURNED = range(1, 11)
RUNNING = {ACCEPTED, IN_PROGRESS}
WAITING = {SUPPLEMENT, PAYMENT}
ENDED = {WITHDRAWN, STOPPED, PROCESSED, RETURNED}
COUNTER, ONLINE, POST = 1, 2, 3
DISLIKE_AT_MOST = 2  # a rating of 1 or 2 out of 5 is a dislike (indicator 5.4)

# Fields the contributions read from the dossier row besides the snapshot: fixed at intake, or
# kept outside the events (the Portal sync, recorded by the outbox worker).
ROW_FIELDS = (
    "province_code",
    "receiving_agency_id",
    "procedure_code",
    "field_code",
    "channel",
    "submitted_at",
    "submitted_by_id",
    "fee_total",
    "portal_synced_in_time",
)
# The measures counted per officer (`OfficerCounter`): receptions by the counter officer who
# took the dossier in, decisions by who took them, open dossiers by their assignee.
OFFICER_MEASURES = (
    "received",
    "finished",
    "on_time_766",
    "late_766",
    "on_time_118",
    "late_118",
    "open_running",
    "open_waiting",
)


@dataclass(frozen=True, order=True)
class RowKey:
    province_code: str
    day: date
    receiving_agency_id: int
    processing_agency_id: int
    procedure_code: str
    field_code: str


@dataclass(frozen=True, order=True)
class OfficerKey:
    province_code: str
    day: date
    officer_id: int
    agency_id: int


@dataclass(frozen=True, order=True)
class MonthKey:
    province_code: str
    month: date  # the first day of the month
    receiving_agency_id: int
    processing_agency_id: int
    procedure_code: str
    field_code: str


def local_day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(VN).date()


def contributions(state: Mapping[str, Any] | None) -> Tally[tuple[RowKey, str]]:
    """The counter cells one dossier in `state` adds 1 to (an empty tally for None)."""
    out: Tally[tuple[RowKey, str]] = Tally()
    if state is None:
        return out
    status = int(state["status"])
    submitted = local_day(state["submitted_at"])
    assert submitted is not None
    finished = local_day(state.get("finished_at")) or submitted
    days = {
        "submitted": submitted,
        "accepted": local_day(state.get("accepted_at")) or submitted,
        "finished": finished,
        "due": local_day(state.get("appointment_at")) or submitted,
    }
    cells: list[tuple[str, str]] = []  # (measure, day kind)

    def add(measure: str, day: str = "submitted") -> None:
        cells.append((measure, day))

    channel = int(state["channel"])
    add("received")
    add({COUNTER: "received_counter", ONLINE: "received_online", POST: "received_post"}[channel])
    if status == SUBMITTED:
        add("pending")
    if state.get("accepted_at"):
        add("accepted", "accepted")
    if status == REFUSED:
        add("refused", "finished")
    if status in RUNNING:
        add("open_running", "due")
    elif status in WAITING:
        add("open_waiting")
    accepted = bool(state.get("accepted_at"))
    if accepted and status in ENDED:
        add("finished", "finished")
        add("on_time_766" if state.get("on_time_766") else "late_766", "finished")
        add("on_time_118" if state.get("on_time_118") else "late_118", "finished")
        if channel == ONLINE:
            add("online_finished", "finished")
        if state.get("decision") == "result":
            add("results", "finished")
            add("e_results", "finished")  # an approval always signs an e-result (Decree 118 Art. 22)
            if channel == ONLINE:
                add("online_e_results", "finished")
    supplements = int(state.get("supplement_count") or 0)
    if supplements == 1:
        add("supplement_once")
    elif supplements > 1:
        add("supplement_repeated")
    if state.get("extended"):
        add("apologies")
        add("extensions")
    if int(state.get("fee_total") or 0) > 0:
        add("with_fee")
        if int(state.get("payment_status") or 0) == 1:
            add("paid_online" if state.get("payment_channel") == "online" else "paid_counter")
    if state.get("digitised"):
        add("digitised")
    if state.get("reuses_edata"):
        add("reused_edata")
    if state.get("uses_population_data"):
        add("population_data")
    synced = state.get("portal_synced_in_time")
    if synced is not None:
        add("synced")
        if synced:
            add("synced_in_time")
    rating = state.get("rating")
    if rating is not None:
        add("rated", "finished")
        add(f"rating_{int(rating)}", "finished")
        if int(rating) <= DISLIKE_AT_MOST:
            add("disliked", "finished")
    for measure, kind in cells:
        key = RowKey(
            province_code=str(state["province_code"]),
            day=days[kind],
            receiving_agency_id=int(state["receiving_agency_id"]),
            processing_agency_id=int(state["processing_agency_id"]),
            procedure_code=str(state["procedure_code"]),
            field_code=str(state["field_code"]),
        )
        out[(key, measure)] += 1
    return out


def officer_contributions(state: Mapping[str, Any] | None) -> Tally[tuple[OfficerKey, str]]:
    """The officer cells one dossier adds 1 to: its reception to the counter officer who took it
    in (not online submissions), its end to who decided it, an open dossier to its assignee."""
    out: Tally[tuple[OfficerKey, str]] = Tally()
    if state is None:
        return out
    status = int(state["status"])
    province = str(state["province_code"])
    submitted = local_day(state["submitted_at"])
    assert submitted is not None
    processing = int(state["processing_agency_id"])
    if int(state["channel"]) != ONLINE and state.get("submitted_by_id"):
        out[
            (
                OfficerKey(province, submitted, int(state["submitted_by_id"]), int(state["receiving_agency_id"])),
                "received",
            )
        ] += 1
    decided_by = state.get("decided_by_id")
    if decided_by and status in ENDED and state.get("accepted_at"):
        day = local_day(state.get("finished_at")) or submitted
        key = OfficerKey(province, day, int(decided_by), processing)
        out[(key, "finished")] += 1
        out[(key, "on_time_766" if state.get("on_time_766") else "late_766")] += 1
        out[(key, "on_time_118" if state.get("on_time_118") else "late_118")] += 1
    assignee = state.get("assignee_id")
    if assignee and status in RUNNING:
        due = local_day(state.get("appointment_at")) or submitted
        out[(OfficerKey(province, due, int(assignee), processing), "open_running")] += 1
    elif assignee and status in WAITING:
        out[(OfficerKey(province, submitted, int(assignee), processing), "open_waiting")] += 1
    return out


def delta(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[RowKey, dict[str, int]]:
    """What a change from `before` to `after` adds to each counter row (zero cells left out)."""
    return _rows(contributions(after), contributions(before))


def officer_delta(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[OfficerKey, dict[str, int]]:
    return _rows(officer_contributions(after), officer_contributions(before))


def _rows(after: Tally[tuple[Any, str]], before: Tally[tuple[Any, str]]) -> dict[Any, dict[str, int]]:
    diff = Tally(after)
    diff.subtract(before)
    rows: dict[Any, dict[str, int]] = {}
    for (key, measure), n in diff.items():
        if n:
            rows.setdefault(key, {})[measure] = n
    return rows


def merge(into: dict[Any, dict[str, int]], more: Mapping[Any, Mapping[str, int]]) -> None:
    for key, cells in more.items():
        row = into.setdefault(key, {})
        for measure, n in cells.items():
            row[measure] = row.get(measure, 0) + n
            if not row[measure]:
                del row[measure]
        if not row:
            del into[key]


# --- the index --------------------------------------------------------------------------------

GRADES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "excellent"),
    (Decimal(80), "good"),
    (Decimal(70), "fair"),
    (Decimal(50), "average"),
    (Decimal(0), "weak"),
)


def grade(total: Decimal) -> str:
    """Xuất sắc ≥ 90; Tốt 80–<90; Khá 70–<80; Trung bình 50–<70; Yếu < 50 (RULES.md §3)."""
    return next(code for floor, code in GRADES if total >= floor)


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator <= 0 else min(Decimal(1), numerator / denominator)


def score(
    formula: str,
    max_points: Decimal,
    numerator: Decimal,
    denominator: Decimal,
    params: Mapping[str, Any],
    parts: Mapping[str, tuple[Decimal, Decimal]] | None = None,
) -> tuple[Decimal, str]:
    """The points of one indicator and how they were reached (`formula`, `empty_full`,
    `empty_zero`). `parts` carries A, B, C of the online-payment indicator."""
    if formula == "payment":
        assert parts is not None
        a, b, c = (rate(*parts[k]) for k in ("A", "B", "C"))
        if a is None and b is None and c is None:
            return _empty(max_points, params)
        points = 6 * (a or 0) + min(Decimal(2), Decimal("2.5") * (b or 0)) + Decimal("2.5") * (c or 0)
        return _round(min(max_points, points)), "formula"
    r = rate(numerator, denominator)
    if r is None:
        return _empty(max_points, params)
    if formula == "rate_capped":
        threshold = Decimal(str(params.get("threshold", 1)))
        return _round(min(max_points, max_points * r / threshold)), "formula"
    return _round(max_points * r), "formula"


def _empty(max_points: Decimal, params: Mapping[str, Any]) -> tuple[Decimal, str]:
    if params.get("empty_score") == "full":
        return max_points, "empty_full"
    return Decimal(0), "empty_zero"


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))
