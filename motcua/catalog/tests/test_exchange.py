"""Import/export of the whole catalogue: lossless round trip, all-or-nothing imports with
errors by sheet, row and column."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from motcua.catalog import exchange
from motcua.catalog.loaders import load_catalog
from motcua.catalog.models import Fee, Field, LegalBasis, Procedure, ProcedureVersion, ProcessStep, ResultType
from motcua.core.errors import DomainError


def _wipe() -> None:
    """Empty the catalogue (inside the test's transaction), first removing rows of other apps
    that point at it (the authority app's competences, ...)."""
    for catalog_model in (ProcedureVersion, Procedure, Field):
        for relation in catalog_model._meta.related_objects:
            if relation.related_model._meta.app_label != "catalog":
                relation.related_model._default_manager.all().delete()
    for model in (LegalBasis, Fee, ResultType, ProcessStep, ProcedureVersion, Procedure, Field):
        model.objects.all().delete()


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Field, Procedure, ProcedureVersion, ProcessStep, Fee))


def _body(data: bytes) -> dict[str, Any]:
    body = json.loads(data)
    body.pop("exported_at")
    return body


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_it_round_trips_the_whole_catalogue_without_loss(db: Any, fmt: str) -> None:
    """export → empty database → import → export gives the same catalogue, processes included."""
    before = _body(exchange.export_json())
    data = exchange.export_json() if fmt == "json" else exchange.export_xlsx()
    counts = _counts()
    _wipe()
    report = exchange.import_catalog(data, filename=f"catalog.{fmt}")
    assert report.created == sum(len(p["versions"]) for p in before["procedures"])
    assert _counts() == counts
    assert _body(exchange.export_json()) == before


def test_it_imports_its_own_export_again_as_unchanged(db: Any) -> None:
    report = exchange.import_catalog(exchange.export_xlsx(), filename="again.xlsx")
    assert report.created == 0 and report.updated == 0 and report.unchanged == ProcedureVersion.objects.count()


def test_it_loads_the_reference_catalogue_idempotently(db: Any) -> None:
    """`motcua setup` twice changes nothing."""
    result = load_catalog()
    assert not result.changed and result.unchanged == ProcedureVersion.objects.count()


def _workbook_with(edits: dict[tuple[str, int, str], Any]) -> bytes:
    book = load_workbook(io.BytesIO(exchange.export_xlsx()))
    for (sheet, row, column), value in edits.items():
        ws = book[sheet]
        header = [c.value for c in ws[1]]
        ws.cell(row=row, column=header.index(column) + 1).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_rejects_a_broken_workbook_with_every_error_located_and_writes_nothing(db: Any) -> None:
    data = _workbook_with({
        ("procedures", 3, "time_limit_unit"): "weeks",
        ("procedures", 4, "online_level"): "sometimes",
        ("fees", 2, "amount"): "nhiều",
        ("process", 5, "time_value"): "-1",
        ("fields", 2, "name"): None,
    })  # fmt: skip
    fees_before = list(Fee.objects.values_list("amount", flat=True))
    counts = _counts()
    with pytest.raises(DomainError) as caught:
        exchange.import_catalog(data, filename="broken.xlsx")
    located = {(e["sheet"], e["row"], e["column"]) for e in caught.value.errors}
    assert {("procedures", 3, "time_limit_unit"), ("procedures", 4, "online_level"), ("fees", 2, "amount"),
            ("process", 5, "time_value"), ("fields", 2, "name")} <= located  # fmt: skip
    assert caught.value.code == "invalid_file"
    assert _counts() == counts and list(Fee.objects.values_list("amount", flat=True)) == fees_before


def test_it_rejects_a_process_that_no_longer_adds_up_for_a_version_in_force(db: Any) -> None:
    """A published version in the file must pass the publishing rules too."""
    data = _workbook_with({("process", 2, "time_value"): 9})
    with pytest.raises(DomainError) as caught:
        exchange.import_catalog(data, filename="bad-process.xlsx")
    assert any(e["sheet"] == "procedures" and e["column"] == "process" for e in caught.value.errors)


def test_it_refuses_to_change_a_published_version_through_an_import(db: Any) -> None:
    body = json.loads(exchange.export_json())
    xray = next(p for p in body["procedures"] if p["code"] == "1.900017")
    xray["versions"][1]["fees"][0]["amount"] = 1
    with pytest.raises(DomainError) as caught:
        exchange.import_catalog(json.dumps(body).encode(), filename="edit.json")
    error = caught.value.errors[0]
    assert (error["sheet"], error["column"]) == ("procedures", "versions[2].version")
    assert "đã công bố" in error["message"]
    assert Fee.objects.filter(amount=1).count() == 0


def test_it_names_json_errors_by_path(db: Any) -> None:
    body = {"format": "motcua.catalog", "fields": [], "procedures": [
        {"code": "9.1", "versions": [{"number": 1, "status": "published", "valid_from": "2026-01-01", "name": "X",
                                      "field": "no_such_field", "levels": ["province"], "applicant_types": ["citizen"],
                                      "competent_body_kind": "province_pc",
                                      "time_limit": {"value": 1, "unit": "working_days"},
                                      "result_types": [{"code": "A", "name": "A"}],
                                      "process": [{"stage": "return", "name": "Trả", "unit_kind": "one_stop",
                                                   "role": "counter_officer",
                                                   "time": {"value": 1, "unit": "working_days"}}]}]}
    ]}  # fmt: skip
    with pytest.raises(DomainError) as caught:
        exchange.import_catalog(json.dumps(body).encode(), filename="x.json")
    columns = {e["column"] for e in caught.value.errors}
    assert "versions[1].process" in columns or "versions[1].process[1]" in columns
    assert not Procedure.objects.filter(code="9.1").exists()
    with pytest.raises(DomainError):
        exchange.import_catalog(json.dumps({**body, "procedures": body["procedures"]}).encode(), filename="x.json")


def test_it_refuses_files_that_are_not_a_catalogue(db: Any) -> None:
    for data, name in ((b"{}", "x.json"), (b"not json", "x.json"), (b"PK\x03\x04junk", "x.xlsx"), (b"a,b", "x.csv")):
        with pytest.raises(DomainError) as caught:
            exchange.import_catalog(data, filename=name)
        assert caught.value.code == "invalid_file"


def test_it_imports_a_new_procedure_and_a_new_version_from_a_file(db: Any) -> None:
    body = json.loads(exchange.export_json())
    tele = next(p for p in body["procedures"] if p["code"] == "1.900001")
    draft = tele["versions"][1]
    draft.update({"status": "published", "valid_from": "2026-03-01"})
    tele["versions"][0].update({"status": "retired", "valid_to": "2026-02-28"})
    new = json.loads(json.dumps(tele))
    new["code"] = "9.000100"
    new["versions"] = [dict(draft, number=1)]
    body["procedures"].append(new)
    report = exchange.import_catalog(json.dumps(body).encode(), filename="next.json")
    assert report.created == 1 and report.updated == 2
    assert ProcedureVersion.objects.get(procedure__code="1.900001", number=2).status == "published"
    assert ProcedureVersion.objects.get(procedure__code="9.000100").time_limit_value == 15


_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
        | st.sampled_from("\n\t=+-@\"'"),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=_text,
    summary=st.text(max_size=200).map(lambda s: exchange_safe(s)),
    formula=st.sampled_from(["=SUM(A1:A2)", "=1+1", "+84 912", "@cmd", "0012"]),
    amount=st.integers(min_value=0, max_value=10**12),
    quarters=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6),
    hours=st.booleans(),
)
def test_it_keeps_any_content_through_excel_and_json(
    db: Any, catalog_admin: Any, name: str, summary: str, formula: str, amount: int, quarters: list[int], hours: bool
) -> None:
    """Property: whatever a draft holds (formula-looking text, quotes, accents, newlines, big
    amounts, quarter days or hours), export → read back gives the same record."""
    from decimal import Decimal

    from motcua.catalog import actions

    unit = "working_hours" if hours else "working_days"
    steps = [
        {"stage": "appraisal", "name": name, "unit_kind": "specialist_division", "role": "specialist",
         "time": {"value": float(Decimal(q) / 4), "unit": unit}}
        for q in quarters
    ] + [{"stage": "return", "name": formula, "unit_kind": "one_stop", "role": "counter_officer",
          "time": {"value": 0, "unit": unit}}]  # fmt: skip
    total = sum((Decimal(q) / 4 for q in quarters), Decimal(0))
    code = "9.777777"
    Procedure.objects.filter(code=code).delete()
    version = actions.procedure_create(
        acting_user=catalog_admin,
        code=code,
        local_code=formula,
        data={
            "name": name, "name_en": formula, "field": "telecommunications", "levels": ["province", "commune"],
            "competent_body_kind": "province_pc", "competent_body_name": formula,
            "time_limit": {"value": float(total), "unit": unit}, "applicant_types": ["citizen", "business"],
            "summary": summary, "conditions": formula, "documents": [{"name": formula, "edata_type": formula}],
            "fees": [{"name": name, "amount": amount, "moment": 2, "note": formula}],
            "result_types": [{"code": formula, "name": name}],
            "legal_bases": [{"number": formula, "date": "2025-06-09", "title": name}],
            "process": steps,
        },
    )  # fmt: skip
    try:
        expected = exchange.version_record(exchange.versions_with_children().get(pk=version.pk))
        for data, reader in (
            (exchange.export_xlsx(), exchange.read_xlsx),
            (exchange.export_json(), exchange.read_json),
        ):
            errors = exchange.Errors()
            plan = exchange.parse(reader(data, errors), errors)
            assert not errors.items
            (found,) = [r for r in plan.records if r.code == code]
            assert found == expected
    finally:
        ProcedureVersion.objects.filter(pk=version.pk).delete()
        Procedure.objects.filter(code=code).delete()


def exchange_safe(text: str) -> str:
    """Text the import accepts: no control characters, no surrounding blanks."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()
