"""Fold a dossier's events back into its state: the dossier row is only a cache of this."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.actions.common import snapshot
from motcua.dossiers.models import Dossier


def fold(dossier: Dossier) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for event in dossier.events.order_by("seq"):
        state.update(event.data.get("changes", {}))
    return state


def matches(dossier: Dossier) -> bool:
    """Whether the stored dossier equals the fold of its events."""
    return fold(dossier) == snapshot(dossier)
