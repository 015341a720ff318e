"""The clock ledger: both readings from the same events, and illegal sequences refused.

Decree 118 Art. 19.5 (supplement restarts the time), Art. 19.6 (one extension, apology at
least 1 day before the deadline); Decision 766 indicator 2.1 (supplement time subtracted, more
than one supplement request is late).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import rules
from motcua.workdays.calendars import VN_TZ, WorkCalendar
from motcua.workdays.clock import (
    DECISION_766,
    DECREE_118,
    EXTENSION_NOTICE_LATE,
    OVERDUE,
    TOO_MANY_SUPPLEMENTS,
    ClockEvent,
    ClockState,
    StopReason,
    read_clock,
)
from motcua.workdays.errors import ClockError

CAL = WorkCalendar()
DAY = 8 * 3600


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def two_supplements_and_an_extension() -> list[ClockEvent]:
    """Accepted Monday 2/3/2026 09:00 with 10 working days; two supplement rounds; one extension."""
    return [
        ClockEvent.start(at("2026-03-02 09:00"), limit_seconds=10 * DAY),
        ClockEvent.stop(at("2026-03-04 09:00"), reason=StopReason.SUPPLEMENT),
        ClockEvent.resume(at("2026-03-06 09:00")),
        ClockEvent.stop(at("2026-03-09 09:00"), reason=StopReason.SUPPLEMENT),
        ClockEvent.resume(at("2026-03-10 09:00")),
        ClockEvent.extend(at("2026-03-19 09:00"), new_appointment=at("2026-03-27 09:00")),
        ClockEvent.end(at("2026-03-25 09:00")),
    ]


def test_it_gives_both_readings_for_two_supplements_and_an_extension() -> None:
    """Decree 118: on time (restarted 10/3, 10 days + 3 extended = 27/3); Decision 766: late twice over."""
    figures = read_clock(CAL, two_supplements_and_an_extension())
    d118, d766 = figures["decree_118"], figures["decision_766"]
    assert d118.state == d766.state == ClockState.ENDED
    assert d118.extension_seconds == d766.extension_seconds == 3 * DAY
    assert d118.appointment == at("2026-03-27 09:00")
    assert d118.used_seconds == 11 * DAY
    assert d118.left_seconds == 2 * DAY
    assert d118.on_time and not d118.overdue
    assert d766.appointment == at("2026-03-24 09:00")
    assert d766.used_seconds == 14 * DAY
    assert d766.overdue_seconds == 1 * DAY
    assert d766.late_reasons == (OVERDUE, TOO_MANY_SUPPLEMENTS)
    assert d118.supplement_requests == d766.supplement_requests == 2
    assert d118.stopped_seconds == d766.stopped_seconds == 3 * DAY


def test_it_reads_a_pending_supplement_request_as_a_projection() -> None:
    """While a supplement is awaited, Decree 118 will restart; 766 will go on where it stopped."""
    events = two_supplements_and_an_extension()[:4]
    figures = read_clock(CAL, events, as_of=at("2026-03-09 15:00"))
    assert figures["decree_118"].state == ClockState.STOPPED
    assert figures["decree_118"].appointment_projected
    assert figures["decree_118"].used_seconds == 1 * DAY
    assert figures["decree_118"].appointment == at("2026-03-23 15:00")
    assert figures["decision_766"].used_seconds == 3 * DAY
    assert figures["decision_766"].appointment == at("2026-03-18 15:00")


def test_it_runs_and_turns_overdue() -> None:
    events = [ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=2 * DAY)]
    before = read_clock(CAL, events, as_of=at("2026-03-11 10:00"))["decree_118"]
    assert before.state == ClockState.RUNNING
    assert before.appointment == at("2026-03-11 10:00")
    assert before.left_seconds == 0 and not before.overdue
    assert before.apology_due == at("2026-03-10 17:00")
    after = read_clock(CAL, events, as_of=at("2026-03-11 10:30"))["decree_118"]
    assert after.overdue and after.overdue_seconds == 1800


def test_it_pauses_for_payment_in_both_readings() -> None:
    """A payment request (status 6) stops the clock; paying lets it go on, in both readings."""
    events = [
        ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=2 * DAY),
        ClockEvent.stop(at("2026-03-10 10:00"), reason=StopReason.PAYMENT),
        ClockEvent.resume(at("2026-03-12 10:00")),
    ]
    figures = read_clock(CAL, events, as_of=at("2026-03-12 11:00"))
    for code in ("decree_118", "decision_766"):
        assert figures[code].used_seconds == DAY + 3600
        assert figures[code].appointment == at("2026-03-13 10:00")
        assert figures[code].supplement_requests == 0


def test_it_restarts_from_zero_in_every_reading() -> None:
    events = [
        ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=2 * DAY),
        ClockEvent.stop(at("2026-03-10 10:00"), reason=StopReason.PAYMENT),
        ClockEvent.restart(at("2026-03-12 10:00")),
    ]
    figures = read_clock(CAL, events, as_of=at("2026-03-12 10:00"))
    assert figures["decree_118"].appointment == figures["decision_766"].appointment == at("2026-03-16 10:00")


def test_it_keeps_one_supplement_on_time_under_766() -> None:
    events = [
        ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=2 * DAY),
        ClockEvent.stop(at("2026-03-10 10:00"), reason=StopReason.SUPPLEMENT),
        ClockEvent.resume(at("2026-03-16 10:00")),
        ClockEvent.end(at("2026-03-17 09:00")),
    ]
    figures = read_clock(CAL, events)
    assert figures["decision_766"].on_time
    assert figures["decree_118"].on_time
    assert figures["decree_118"].appointment == at("2026-03-18 10:00")
    assert figures["decision_766"].appointment == at("2026-03-17 10:00")


def test_it_flags_an_extension_asked_in_the_last_working_day() -> None:
    events = [
        ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=2 * DAY),
        ClockEvent.extend(at("2026-03-11 08:00"), new_appointment=at("2026-03-13 10:00")),
    ]
    figures = read_clock(CAL, events, as_of=at("2026-03-11 08:00"))
    assert figures["decree_118"].appointment == at("2026-03-13 10:00")
    assert figures["decree_118"].warnings == (EXTENSION_NOTICE_LATE,)


def test_it_accepts_a_custom_reading() -> None:
    """Any future reading is computed from the same events."""
    from motcua.workdays.clock import Reading

    strict = Reading("strict", supplement_restarts=False, max_supplement_requests=0)
    events = two_supplements_and_an_extension()
    figures = read_clock(CAL, events, readings=[DECREE_118, DECISION_766, strict])
    assert figures["strict"].late_reasons == (OVERDUE, TOO_MANY_SUPPLEMENTS)


START = ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=5 * DAY)
ILLEGAL = [
    ("no events", [], "clock_not_started"),
    ("stop before start", [ClockEvent.stop(at("2026-03-09 10:00"), reason=StopReason.SUPPLEMENT)], "clock_not_started"),
    ("two starts", [START, START], "clock_already_started"),
    ("resume without stop", [START, ClockEvent.resume(at("2026-03-10 10:00"))], "clock_resume_without_stop"),
    ("restart without stop", [START, ClockEvent.restart(at("2026-03-10 10:00"))], "clock_restart_without_stop"),
    (
        "stop twice",
        [
            START,
            ClockEvent.stop(at("2026-03-10 10:00"), reason=StopReason.SUPPLEMENT),
            ClockEvent.stop(at("2026-03-11 10:00"), reason=StopReason.PAYMENT),
        ],
        "clock_already_stopped",
    ),
    (
        "second extension",
        [
            START,
            ClockEvent.extend(at("2026-03-10 10:00"), new_appointment=at("2026-03-20 10:00")),
            ClockEvent.extend(at("2026-03-11 10:00"), new_appointment=at("2026-03-25 10:00")),
        ],
        "clock_second_extension",
    ),
    (
        "extension while stopped",
        [
            START,
            ClockEvent.stop(at("2026-03-10 10:00"), reason=StopReason.SUPPLEMENT),
            ClockEvent.extend(at("2026-03-11 10:00"), new_appointment=at("2026-03-25 10:00")),
        ],
        "clock_extension_while_stopped",
    ),
    (
        "extension after the deadline",
        [START, ClockEvent.extend(at("2026-03-17 10:00"), new_appointment=at("2026-03-25 10:00"))],
        "clock_extension_after_deadline",
    ),
    (
        "extension not later",
        [START, ClockEvent.extend(at("2026-03-10 10:00"), new_appointment=at("2026-03-12 10:00"))],
        "clock_extension_not_later",
    ),
    ("out of order", [START, ClockEvent.stop(at("2026-03-08 10:00"), reason=StopReason.PAYMENT)], "clock_out_of_order"),
    (
        "event after end",
        [
            START,
            ClockEvent.end(at("2026-03-10 10:00")),
            ClockEvent.stop(at("2026-03-11 10:00"), reason=StopReason.PAYMENT),
        ],
        "clock_already_ended",
    ),
    ("negative limit", [ClockEvent.start(at("2026-03-09 10:00"), limit_seconds=-1)], "clock_invalid_limit"),
    ("naive moment", [ClockEvent.start(datetime(2026, 3, 9, 10, 0), limit_seconds=DAY)], "clock_naive_datetime"),
]


@pytest.mark.parametrize(("what", "events", "code"), ILLEGAL, ids=[i[0] for i in ILLEGAL])
def test_it_refuses_illegal_sequences(what: str, events: list[ClockEvent], code: str) -> None:
    """Decree 118 Art. 19.6: the new date may be set only once; a resume needs a stop; and so on."""
    with pytest.raises(ClockError) as info:
        read_clock(CAL, events, as_of=at("2026-03-20 10:00"))
    assert info.value.code == code
    assert info.value.status == 422
    assert str(info.value.message)


def test_it_needs_a_moment_to_read_a_running_clock() -> None:
    with pytest.raises(ClockError) as info:
        read_clock(CAL, [START])
    assert info.value.code == "clock_as_of_required"
    with pytest.raises(ClockError) as info:
        read_clock(
            CAL, [START, ClockEvent.stop(at("2026-03-10 10:00"), reason="payment")], as_of=at("2026-03-09 12:00")
        )
    assert info.value.code == "clock_as_of_before_events"


def test_it_translates_the_messages(settings: object) -> None:
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ClockError) as vi:
        read_clock(CAL, [START, ClockEvent.resume(at("2026-03-10 10:00"))], as_of=at("2026-03-11 10:00"))
    assert "Không thể tiếp tục" in str(vi.value.message)
    with translation.override("en"), pytest.raises(ClockError) as en:
        read_clock(CAL, [START, ClockEvent.resume(at("2026-03-10 10:00"))], as_of=at("2026-03-11 10:00"))
    assert "resume" in str(en.value.message).lower()


# --- properties over random legal ledgers -----------------------------------------------------------


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[ClockEvent], datetime]:
    """A legal sequence: start, then stops and resumes (and maybe an end), hours apart."""
    moment = draw(
        st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 1), timezones=st.just(VN_TZ))
    )
    events = [ClockEvent.start(moment, limit_seconds=draw(st.integers(1, 20)) * DAY)]
    stopped = False
    for _ in range(draw(st.integers(0, 6))):
        moment = rules.add_working_seconds(CAL, moment, draw(st.integers(0, 5 * DAY)))
        if stopped:
            events.append(ClockEvent.resume(moment))
        else:
            events.append(ClockEvent.stop(moment, reason=draw(st.sampled_from(list(StopReason)))))
        stopped = not stopped
    if draw(st.booleans()):
        events.append(ClockEvent.end(rules.add_working_seconds(CAL, moment, draw(st.integers(0, 5 * DAY)))))
    as_of = rules.add_working_seconds(CAL, events[-1].at, draw(st.integers(0, 5 * DAY)))
    return events, as_of


@settings(max_examples=150, deadline=None)
@given(ledger=ledgers())
def test_it_keeps_the_readings_consistent(ledger: tuple[list[ClockEvent], datetime]) -> None:
    """Decree 118 never counts more than 766 (it restarts); without supplements both agree.

    And used + left − overdue = budget; used + stopped = all working time since the start.
    """
    events, as_of = ledger
    figures = read_clock(CAL, events, as_of=as_of)
    d118, d766 = figures["decree_118"], figures["decision_766"]
    assert d118.used_seconds <= d766.used_seconds
    for r in (d118, d766):
        assert r.used_seconds + r.left_seconds - r.overdue_seconds == r.budget_seconds
        assert CAL.is_working_day(r.appointment.date())
        assert r.overdue == (r.used_seconds > r.budget_seconds)
    if not any(e.reason == StopReason.SUPPLEMENT for e in events):
        assert d118.used_seconds == d766.used_seconds
        assert d118.appointment == d766.appointment
    total = rules.working_seconds_between(CAL, events[0].at, d766.ended_at or as_of)
    assert d766.used_seconds + d766.stopped_seconds == total
