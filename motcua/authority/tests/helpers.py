"""Builders for the register's tests: decisions typed the way a clerk would, on real
procedures of the catalogue and real provinces."""

from __future__ import annotations

import datetime
from typing import Any

from motcua.authority.actions import DecisionInput, decision_register
from motcua.authority.choices import DecisionKind, Holder, Scope
from motcua.authority.models import Decision
from motcua.org.choices import AgencyKind

THANH_HOA, HUNG_YEN, HA_TINH = "38", "33", "42"
PC_PROCEDURE = "1.900006"  # statutory competence: the provincial People's Committee (collective)
CHAIRMAN_PROCEDURE = "1.900001"  # statutory competence: the provincial Chairman
DEPARTMENT_PROCEDURE = "1.900009"  # statutory competence: the Department of S&T
COMMUNE_BOUND_PROCEDURE = "1.900027"  # commune People's Committee, bound to the applicant's commune


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def decision_input(**overrides: Any) -> DecisionInput:
    values: dict[str, Any] = {
        "number": "101/QĐ-UBND",
        "issued_on": day("2025-09-01"),
        "issuer_name": "Ủy ban nhân dân tỉnh Thanh Hóa",
        "kind": DecisionKind.AUTHORISATION,
        "title": "Ủy quyền cho Giám đốc Sở Khoa học và Công nghệ giải quyết thủ tục hành chính",
        "from_kind": AgencyKind.PROVINCE_PC,
        "from_holder": Holder.BODY,
        "to_kind": AgencyKind.DEPARTMENT_ST,
        "to_holder": Holder.HEAD,
        "valid_from": day("2025-09-01"),
        "valid_to": None,
        "province": THANH_HOA,
        "scope": Scope.PROCEDURES,
        "procedure_codes": [PC_PROCEDURE],
        "legal_basis": "Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
    }
    values.update(overrides)
    return DecisionInput(**values)


def register(acting_user: Any = None, **overrides: Any) -> Decision:
    return decision_register(acting_user=acting_user, data=decision_input(**overrides))
