"""The generated electronic identifiers of agencies (QCVN 102 shape `LLL.LL.LL.XNN`).

Scheme (docs/decisions/0002-agency-identifiers.md), lowest level first:
- the Ministry of Science and Technology: `000.00.00.G18`; its units `000.00.NN.G18`;
- a province's People's Committee: `000.00.00.H<province code>`; its Public Administration
  Service Centre `000.00.01.H..`; its Department of Science and Technology `000.00.02.H..`;
- a commune's People's Committee, k-th commune of the province in code order (k = 1…):
  `000.<k mod 100>.<10 + k div 100>.H..`; its service centre `001.<same>.H..`.
These are placeholders in the official shape until official codes are imported.
"""

from __future__ import annotations

import re

PATTERN = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[GH][0-9]{2}$")
MINISTRY_BLOCK = "G18"


def ministry(unit: int = 0) -> str:
    return f"000.00.{unit:02d}.{MINISTRY_BLOCK}"


def province_body(province_code: str, unit: int = 0) -> str:
    return f"000.00.{unit:02d}.H{province_code}"


def commune_body(province_code: str, ordinal: int, *, centre: bool = False) -> str:
    if not 1 <= ordinal <= 8999:
        raise ValueError(f"commune ordinal out of range: {ordinal}")
    return f"{1 if centre else 0:03d}.{ordinal % 100:02d}.{10 + ordinal // 100:02d}.H{province_code}"


def is_valid(identifier: str) -> bool:
    return bool(PATTERN.match(identifier))
