"""`motcua setup --demo` fills the six visited provinces through the real actions; the counters it
leaves agree with the events, and the demo province's index has figures."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.metrics import rebuild
from motcua.metrics.selectors import index_for

pytestmark = pytest.mark.django_db


def test_the_demo_counters_agree_with_the_events(personas: Any) -> None:
    from motcua.dossiers.demo import load_demo_dossiers

    load_demo_dossiers(progress=False)
    assert rebuild.differences() == []
    answer = index_for(personas.supervisor, unit="province:38")
    handled = next(s for s in answer.indicators if s.code == "2.1")
    assert handled.denominator > 0
