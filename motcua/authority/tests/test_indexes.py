"""The resolver's hot query is served by indexes (DESIGN.md "Scale"): checked with EXPLAIN on
PostgreSQL, with sequential scans priced out so the planner shows what it can use."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from motcua.authority.resolver import decisions_in_effect
from motcua.authority.tests.helpers import PC_PROCEDURE, day
from motcua.catalog.models import ProcedureVersion
from motcua.geo.models import Province

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_decisions_in_effect_query_uses_the_register_s_indexes() -> None:
    version = ProcedureVersion.objects.filter(procedure__code=PC_PROCEDURE, status="published").get()
    province = Province.objects.get(code="33")
    query = decisions_in_effect(
        procedure_id=version.procedure_id, field_id=version.field_id, province_id=province.pk, day=day("2025-08-15")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "Index Cond: (procedure_id = " in plan  # the procedure's links, by index
    assert "Index Cond: (province_id = " in plan  # the province's decisions, by index
    assert "Seq Scan" not in plan
