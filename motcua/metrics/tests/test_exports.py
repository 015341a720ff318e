"""The index and the reports as files: Excel that openpyxl reads back with the unit, period and
source noted, and an A4 PDF."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from motcua.metrics.tests.month import at

pytestmark = pytest.mark.django_db
PERIOD = {"from": "2026-12-01", "to": "2026-12-31"}


def test_the_index_opens_in_excel_with_its_unit_period_and_scores(apis: Any, december: Any) -> None:
    with at("2026-12-31 12:00"):
        response = apis.supervisor.get("/api/v1/metrics/index", unit="province:38", format="xlsx", **PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="chi-so-766-province38-2026-12-01-2026-12-31.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0] is not None}
    assert "Thanh Hóa" in str(cells["Đơn vị"][0])
    assert cells["Kỳ"][0] == "01/12/2026 – 31/12/2026"
    assert "Quyết định 766" in str(cells["Nguồn"][0])
    assert cells["2.1"][3] == 8.0  # the hand-computed score of tests/test_index.py


def test_the_report_opens_in_excel_with_a_total_row(apis: Any, december: Any) -> None:
    with at("2026-12-31 12:00"):
        response = apis.supervisor.get(
            "/api/v1/metrics/report", unit="province:38", group_by="agency", format="xlsx", **PERIOD
        )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    total = next(r for r in rows if r and r[0] == "total")
    assert total[2] == 6 and total[3] == 4  # received, processed


def test_the_index_and_report_come_as_pdf(apis: Any, december: Any) -> None:
    with at("2026-12-31 12:00"):
        index = apis.supervisor.get("/api/v1/metrics/index", unit="province:38", format="pdf", **PERIOD)
        report = apis.supervisor.get("/api/v1/metrics/report", unit="province:38", format="pdf", **PERIOD)
    for response in (index, report):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-") and len(response.content) > 5000


def test_an_unknown_format_is_refused_in_the_api_shape(apis: Any) -> None:
    response = apis.supervisor.get("/api/v1/metrics/index", format="docx")
    assert response.status_code == 422 and response.json()["code"] == "invalid_format"
