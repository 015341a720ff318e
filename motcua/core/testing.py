"""Helpers shared by every app's tests (imported by tests only; `time-machine` is a dev
dependency). The legal day is Vietnam's, so every moment a test names is local time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def moment(text: str) -> datetime:
    """ "2025-09-05T16:55" → that moment in Vietnam, aware."""
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def at(text: str) -> time_machine.travel:
    """Freeze time at `text` (Vietnam time) inside a `with` block or as a decorator (STYLE.md §5)."""
    return time_machine.travel(moment(text), tick=False)
