"""State changes of dossiers. Each action: acting user first, keyword-only, one transaction,
one event, outbox messages written in the same transaction (STYLE.md §2)."""

from motcua.dossiers.actions.intake import SubmitInput, dossier_submit
from motcua.dossiers.actions.lifecycle import ACTIONS, dossier_act, dossier_act_many, dossier_rate_public

__all__ = ["ACTIONS", "SubmitInput", "dossier_act", "dossier_act_many", "dossier_rate_public", "dossier_submit"]
