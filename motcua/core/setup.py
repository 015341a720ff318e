"""`motcua setup`: the idempotent steps that make a database ready.

Each app that owns reference or demo data exposes a step: a function
`(*, progress: bool) -> StepResult`. The lists below name them in dependency order; add a
line when an app gains data. Running setup twice changes nothing and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from django.utils.module_loading import import_string
from tqdm import tqdm

T = TypeVar("T")


@dataclass
class StepResult:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        if not self.changed:
            return f"{self.label}: {self.unchanged} unchanged"
        return f"{self.label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"


REFERENCE_STEPS: list[str] = [
    "motcua.geo.loaders.load_geography",
    "motcua.org.loaders.load_agencies",
    "motcua.catalog.loaders.load_catalog",
    "motcua.authority.loaders.load_authority",
    "motcua.workdays.loaders.load_default_office_hours",
    "motcua.metrics.loaders.load_indicators",
]

DEMO_STEPS: list[str] = [
    "motcua.org.demo.load_demo_accounts",
    "motcua.catalog.demo.load_province_catalogues",
    "motcua.dossiers.demo.load_demo_dossiers",
    "motcua.oversight.importer.load_campaign_2025",
]


def steps(names: Iterable[str]) -> Iterator[Callable[..., StepResult]]:
    for name in names:
        yield import_string(name)


def progress_iter(items: Iterable[T], *, enabled: bool, desc: str, total: int | None = None) -> Iterable[T]:
    """A progress bar for long loads (to stderr), or the items as they are when disabled."""
    if not enabled:
        return items
    return tqdm(items, desc=desc, total=total, unit=" rows", leave=False, dynamic_ncols=True)
