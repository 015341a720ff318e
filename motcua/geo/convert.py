"""Old (63-province, pre-2025-07-01) address → new (34-province) unit, offline and honest.

We use `vietnamadminunits` for what it does well — parsing a free-text legacy address, with
or without diacritics — and read its conversion tables ourselves, because its own converter
(a) silently picks a "default" new ward when the old one was split between several and
(b) calls an online geocoder when a street is given. motcua never touches the network and
never guesses: a split unit answers `ambiguous` with every candidate.

This module is pure (no database): it answers in the package's keys and names; the selector
maps them to our Province/Commune rows.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from motcua.core.text import compact_key

# Island districts that had no wards: the package keys them with an empty ward part.
_WARDLESS_DISTRICTS = {"huyenbachlongvi", "huyenconco", "huyenhoangsa", "huyenlyson", "huyencondao"}
MAX_ADDRESS_LENGTH = 300


@dataclass(frozen=True)
class OldUnits:
    province: str | None = None
    district: str | None = None
    ward: str | None = None
    street: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    ward_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "district": self.district,
            "ward": self.ward,
            "street": self.street,
            "province_code": self.province_code,
            "district_code": self.district_code,
            "ward_code": self.ward_code,
        }


@dataclass(frozen=True)
class RawConversion:
    """What the tables say, in the package's keys (`tinhthanhhoa`, `phuonghacthanh`)."""

    old: OldUnits
    new_province_key: str | None = None
    new_ward_keys: tuple[str, ...] = field(default_factory=tuple)
    # `ward` when the old ward was found, `district` when candidates come from a whole old
    # district, `province` when only the province could be read.
    matched_level: str | None = None


@cache
def _tables() -> dict[str, Any]:
    with resources.files("vietnamadminunits").joinpath("data/converter_2025.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    old_to_new_province: dict[str, str] = {}
    for new_key, old_keys in data["DICT_PROVINCE"].items():
        for old_key in old_keys:
            old_to_new_province[old_key] = new_key
    # old "province_district_ward" key -> list of new ward keys (one when the ward was not split)
    old_ward_to_new: dict[str, list[str]] = {}
    for _new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                old_ward_to_new.setdefault(old_key, []).append(new_ward)
    for _new_province, splits in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, new_wards in splits.items():
            targets = old_ward_to_new.setdefault(old_key, [])
            for item in new_wards:
                if item["newWardKey"] not in targets:
                    targets.append(item["newWardKey"])
    return {"province": old_to_new_province, "ward": old_ward_to_new}


def _parse(address: str) -> tuple[OldUnits, Any]:
    # Imported here: the package loads ~10 MB of tables on import; only conversion needs them.
    from vietnamadminunits.parser import ParseMode, parse_address

    unit = parse_address(address, mode=ParseMode.LEGACY, keep_street=True, level=3)
    return OldUnits(
        province=unit.province,
        district=unit.district,
        ward=unit.ward,
        street=unit.street,
        province_code=str(unit.province_code) if unit.province_code else None,
        district_code=str(unit.district_code) if unit.district_code else None,
        ward_code=str(unit.ward_code) if unit.ward_code else None,
    ), unit


def convert_old_address(address: str) -> RawConversion:
    """Read a pre-merger address and list the new unit(s) it now belongs to."""
    address = unicodedata.normalize("NFC", address or "").strip()
    if not address or len(address) > MAX_ADDRESS_LENGTH:
        return RawConversion(old=OldUnits())
    old, unit = _parse(address)
    if not unit.province_key:
        return RawConversion(old=old)
    tables = _tables()
    new_province = tables["province"].get(unit.province_key)
    if new_province is None:
        return RawConversion(old=old)
    if unit.ward_key or unit.district_key in _WARDLESS_DISTRICTS:
        old_key = f"{unit.province_key}_{unit.district_key}_{unit.ward_key or ''}"
        targets = tables["ward"].get(old_key, [])
        if targets:
            return RawConversion(
                old=old, new_province_key=new_province, new_ward_keys=tuple(targets), matched_level="ward"
            )
    if unit.district_key:
        prefix = f"{unit.province_key}_{unit.district_key}_"
        targets = []
        for old_key, new_wards in tables["ward"].items():
            if old_key.startswith(prefix):
                targets.extend(w for w in new_wards if w not in targets)
        return RawConversion(
            old=old, new_province_key=new_province, new_ward_keys=tuple(targets), matched_level="district"
        )
    return RawConversion(old=old, new_province_key=new_province, matched_level="province")


def unit_keys(name: str) -> tuple[str, str]:
    """The two keys the package uses for a unit name: folded ("xathanhan") and accented ("xãthạnhan")."""
    accented = "".join(ch for ch in unicodedata.normalize("NFC", name.lower()) if ch.isalnum())
    return compact_key(name), accented
