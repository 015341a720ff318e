from typing import Any

import pytest

from motcua.dossiers.tests.conftest import apis  # noqa: F401  (the API personas, shared)
from motcua.metrics.tests.month import walk_december


@pytest.fixture
def december(apis: Any) -> dict[str, dict[str, Any]]:  # noqa: F811
    """The fixed month D1–D6 (`month.walk_december`), walked through the API."""
    return walk_december(apis)
