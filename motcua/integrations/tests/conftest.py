from __future__ import annotations

from collections.abc import Iterator

import pytest

from motcua.integrations.tests import handlers


@pytest.fixture(autouse=True)
def _clean_recorder() -> Iterator[None]:
    handlers.delivered.clear()
    yield
    handlers.delivered.clear()
