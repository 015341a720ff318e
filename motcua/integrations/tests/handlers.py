"""Outbox topics used only by the tests: a recorder and a handler that fails on demand."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from motcua.integrations import outbox
from motcua.integrations.models import OutboxMessage

RECORD_TOPIC = "test.record"
FAIL_TOPIC = "test.fail"

delivered: Counter[str] = Counter()
_lock = threading.Lock()


@outbox.handler(RECORD_TOPIC)
def record(message: OutboxMessage) -> dict[str, Any]:
    with _lock:
        delivered[message.key] += 1
    return {"seen": True}


@outbox.handler(FAIL_TOPIC)
def fail(message: OutboxMessage) -> None:
    raise ConnectionError("receiver down")
