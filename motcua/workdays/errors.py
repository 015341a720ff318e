"""Errors of the calendar, the deadline arithmetic and the clock ledger.

Each is a `DomainError` with a stable `code` (API clients and tests match on it) and a
Vietnamese message translated at raise time; the API answers them as `{code, message, errors}`.
"""

from __future__ import annotations

from motcua.core.errors import DomainError


class CalendarError(DomainError):
    """Bad input to the working-day calendar or its arithmetic (422 unless said otherwise)."""

    status = 422
    code = "workdays_invalid"


class ClockError(DomainError):
    """An illegal sequence of clock events (a second extension, a resume without a stop, ...)."""

    status = 422
    code = "clock_invalid_sequence"
