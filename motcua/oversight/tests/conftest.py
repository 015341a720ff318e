"""Fixtures of the oversight tests: the real 2025 campaign, imported from the shipped file."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.oversight.importer import load_campaign_2025
from motcua.oversight.models import Campaign


@pytest.fixture
def campaign(db: Any) -> Campaign:
    load_campaign_2025()
    return Campaign.objects.get()
