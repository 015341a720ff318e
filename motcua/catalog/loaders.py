"""Reference step: the science and technology catalogue shipped in `data/catalog.json`.

Idempotent: versions already in the database are left as they are (local edits win), missing
ones are added, fields are kept up to date. Runs in well under a second.
"""

from __future__ import annotations

from pathlib import Path

from motcua.catalog.exchange import import_catalog
from motcua.core.setup import StepResult

DATA = Path(__file__).resolve().parent / "data" / "catalog.json"


def load_catalog(*, progress: bool = False) -> StepResult:
    report = import_catalog(DATA.read_bytes(), filename=DATA.name, only_missing=True)
    return StepResult(
        "catalog: fields and procedure versions",
        created=report.created + report.fields_created,
        updated=report.updated + report.fields_updated,
        unchanged=report.unchanged,
    )
