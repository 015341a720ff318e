"""Reads remembered for one unit of work: one action, or one batch of actions.

A batch of 100 acceptances at one agency needs its calendar, its one-stop centre and its
procedure's result types once, not 100 times. Inside `memo.scope()`, `memo.remember(key,
read)` reads once per key; outside any scope it simply reads. The scope ends with the call
that opened it, so nothing read here outlives the transaction it was read in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")
_current: ContextVar[dict[Hashable, Any] | None] = ContextVar("motcua_memo", default=None)


@contextmanager
def scope() -> Iterator[None]:
    """Open a scope (an inner scope shares the outer one)."""
    if _current.get() is not None:
        yield
        return
    token = _current.set({})
    try:
        yield
    finally:
        _current.reset(token)


def remember(key: Hashable, read: Callable[[], T]) -> T:
    memo = _current.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]
