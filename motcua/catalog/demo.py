"""Demo step (`motcua setup --demo`): Đồng Tháp's own list of procedures.

Đồng Tháp publishes 2,050 procedures on the Portal, 834 eligible for full-online, 578
full-online and 1,171 partially online (domain/RULES.md §6). `data/province-82-dong-thap.csv`
reproduces exactly those figures: our S&T procedures with their catalogue flags, the rest
synthetic — every row is flagged sample and says so in its source. Other provinces have no
list of their own: `selectors.province_procedures` answers them from the national catalogue.
Not a reference step: tests never load it unless they ask.
"""

from __future__ import annotations

from pathlib import Path

from motcua.catalog.exchange.province import import_province_list
from motcua.core.setup import StepResult

DATA = Path(__file__).resolve().parent / "data"
DONG_THAP = "82"
PROVINCE_LISTS = {DONG_THAP: DATA / "province-82-dong-thap.csv"}
# Published figures the shipped list must reproduce (checked by the tests).
DONG_THAP_FIGURES = {"total": 2050, "full_online_eligible": 834, "full_online": 578, "partial_online": 1171}


def load_province_catalogues(*, progress: bool = False) -> StepResult:
    """Import each shipped province list (idempotent: a second run changes nothing)."""
    result = StepResult("catalog: province lists (sample)")
    for code, path in PROVINCE_LISTS.items():
        report = import_province_list(path.read_bytes(), filename=path.name, province_code=code, sample=True)
        result.created += report.created
        result.updated += report.updated + report.deleted
        result.unchanged += report.unchanged
    return result
