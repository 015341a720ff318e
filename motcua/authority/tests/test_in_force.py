"""One rule of the version in force (`catalog.selectors.in_force_q`), one answer from every
reader: the catalogue's current version, its search index, a province's derived list and the
authority resolver agree on a version retired yesterday and on one in force from tomorrow."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from motcua.authority.resolver import resolve
from motcua.authority.tests.helpers import HA_TINH, PC_PROCEDURE, day
from motcua.catalog import search, selectors
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion, ProvinceProcedure
from motcua.core.errors import NotFound
from motcua.core.testing import VN

pytestmark = pytest.mark.django_db

TODAY = day("2026-01-15")
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def answers(on: datetime.date) -> dict[str, Any]:
    """What each reader says is in force for PC_PROCEDURE on `on` (None: nothing)."""
    current = selectors.procedure_version_current(PC_PROCEDURE, on)
    in_index = {v.pk for v in search._versions_in_force(on) if v.procedure.code == PC_PROCEDURE}
    listed = [p for p in selectors.province_procedures(HA_TINH, on) if p.procedure_code == PC_PROCEDURE]
    try:
        resolved: int | None = resolve(PC_PROCEDURE, HA_TINH, None, on).procedure_version_id
    except NotFound as exc:
        assert exc.code == "no_version_in_force"
        resolved = None
    with time_machine.travel(datetime.datetime.combine(on, datetime.time(9), tzinfo=VN), tick=False):
        search.invalidate()
        found = selectors.procedure_search(selectors.SearchParams(limit=200))
        searched = {d.code for d in found.items} & {PC_PROCEDURE}
    return {
        "current": current.pk if current else None,
        "index": next(iter(in_index), None),
        "province list": bool(listed),
        "resolver": resolved,
        "search": bool(searched),
    }


def version() -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=PC_PROCEDURE, status=VersionStatus.PUBLISHED)


def test_every_reader_agrees_on_the_version_in_force() -> None:
    assert not ProvinceProcedure.objects.filter(province__code=HA_TINH).exists()  # the derived list
    v = version()
    assert answers(TODAY) == {"current": v.pk, "index": v.pk, "province list": True, "resolver": v.pk, "search": True}


def test_a_version_retired_yesterday_is_out_for_every_reader() -> None:
    v = version()
    ProcedureVersion.objects.filter(pk=v.pk).update(status=VersionStatus.RETIRED, valid_to=YESTERDAY)
    nothing = {"current": None, "index": None, "province list": False, "resolver": None, "search": False}
    assert answers(TODAY) == nothing
    assert answers(YESTERDAY)["resolver"] == answers(YESTERDAY)["current"] == v.pk


def test_a_version_valid_from_tomorrow_is_out_for_every_reader_until_then() -> None:
    v = version()
    ProcedureVersion.objects.filter(pk=v.pk).update(valid_from=TOMORROW)
    nothing = {"current": None, "index": None, "province list": False, "resolver": None, "search": False}
    assert answers(TODAY) == nothing
    assert answers(TOMORROW) == {
        "current": v.pk, "index": v.pk, "province list": True, "resolver": v.pk, "search": True,
    }  # fmt: skip
