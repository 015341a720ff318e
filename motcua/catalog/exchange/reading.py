"""Reading a JSON or Excel file into tables, and typed access to cells."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as CONTROL_CHARACTERS

from motcua.catalog.exchange.export import _header
from motcua.catalog.exchange.records import CHILD_COLUMNS, FORMAT, MAX_ERRORS, SHEETS, _dec, one_newline
from motcua.core.errors import DomainError

# --- Reading a file into tables -----------------------------------------------------------------


@dataclass
class Loc:
    """Where a row came from, to word an error: sheet, row (1-based) and how to name a column."""

    sheet: str
    row: int
    prefix: str = ""  # JSON: "versions[2].fees[1]." ; Excel: ""

    def at(self, column: str) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": f"{self.prefix}{column}"}


@dataclass
class Row:
    values: dict[str, Any]
    loc: Loc


@dataclass
class Tables:
    fields: list[Row] = field(default_factory=list)
    procedures: list[Row] = field(default_factory=list)
    children: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in CHILD_COLUMNS})


class Errors:
    """Collects every problem of a file; the import raises once with all of them."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, where: dict[str, Any], message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append({**where, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise DomainError(
                _("Tệp có %(n)d lỗi, chưa ghi gì vào cơ sở dữ liệu.") % {"n": len(self.items)},
                code="invalid_file",
                errors=self.items,
            )


def read_json(data: bytes, errors: Errors) -> Tables:
    tables = Tables()
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        errors.add({"sheet": None, "row": None, "column": None}, _("Tệp JSON không đọc được: %(e)s") % {"e": exc})
        return tables
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        errors.add(
            {"sheet": None, "row": None, "column": "format"},
            _('Tệp JSON phải có "format": "%(f)s" (tệp xuất từ danh mục motcua).') % {"f": FORMAT},
        )
        return tables
    for i, item in enumerate(_as_list(body.get("fields"), errors, Loc("fields", 0)), start=1):
        if isinstance(item, dict):
            tables.fields.append(Row(item, Loc("fields", i)))
        else:
            errors.add(Loc("fields", i).at(""), _("Mỗi lĩnh vực phải là một đối tượng JSON."))
    for i, proc in enumerate(_as_list(body.get("procedures"), errors, Loc("procedures", 0)), start=1):
        if not isinstance(proc, dict):
            errors.add(Loc("procedures", i).at(""), _("Mỗi thủ tục phải là một đối tượng JSON."))
            continue
        versions = _as_list(proc.get("versions"), errors, Loc("procedures", i, "versions"))
        if not versions:
            errors.add(Loc("procedures", i).at("versions"), _("Thủ tục phải có ít nhất một phiên bản."))
        for j, version in enumerate(versions, start=1):
            vloc = Loc("procedures", i, f"versions[{j}].")
            if not isinstance(version, dict):
                errors.add(vloc.at(""), _("Mỗi phiên bản phải là một đối tượng JSON."))
                continue
            flat = {k: v for k, v in version.items() if k not in CHILD_COLUMNS and k not in ("time_limit", "number")}
            flat["code"] = proc.get("code")
            flat["local_code"] = proc.get("local_code", "")
            flat["version"] = version.get("number")
            limit = version.get("time_limit")
            if isinstance(limit, dict):
                flat["time_limit_value"] = limit.get("value")
                flat["time_limit_unit"] = limit.get("unit")
            tables.procedures.append(Row(flat, vloc))
            for sheet in CHILD_COLUMNS:
                children = _as_list(version.get(sheet, []), errors, Loc("procedures", i, f"versions[{j}].{sheet}"))
                for k, child in enumerate(children, start=1):
                    cloc = Loc("procedures", i, f"versions[{j}].{sheet}[{k}].")
                    if not isinstance(child, dict):
                        errors.add(cloc.at(""), _("Mỗi dòng phải là một đối tượng JSON."))
                        continue
                    values = dict(child)
                    if sheet == "process":
                        time = child.get("time")
                        if isinstance(time, dict):
                            values["time_value"] = time.get("value")
                            values["time_unit"] = time.get("unit")
                        values["step"] = k
                    values["procedure"] = proc.get("code")
                    values["version"] = version.get("number")
                    tables.children[sheet].append(Row(values, cloc))
    return tables


def read_xlsx(data: bytes, errors: Errors) -> Tables:
    from openpyxl import load_workbook

    tables = Tables()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        errors.add({"sheet": None, "row": None, "column": None}, _("Tệp Excel không đọc được: %(e)s") % {"e": exc})
        return tables
    for sheet in SHEETS:
        if sheet not in book.sheetnames:
            errors.add({"sheet": sheet, "row": None, "column": None}, _("Thiếu trang tính “%(s)s”.") % {"s": sheet})
            continue
        rows = book[sheet].iter_rows(values_only=True)
        header_row = next(rows, None)
        header = [str(h).strip() if h is not None else "" for h in (header_row or [])]
        missing = [c for c in _header(sheet) if c not in header]
        if missing:
            errors.add(
                {"sheet": sheet, "row": 1, "column": None},
                _("Thiếu cột: %(c)s.") % {"c": ", ".join(missing)},
            )
            continue
        for number, cells in enumerate(rows, start=2):
            if cells is None or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            values = {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i]}
            row = Row(values, Loc(sheet, number))
            if sheet == "fields":
                tables.fields.append(row)
            elif sheet == "procedures":
                tables.procedures.append(row)
            else:
                tables.children[sheet].append(row)
    book.close()
    return tables


def _as_list(value: Any, errors: Errors, loc: Loc) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(loc.at(""), _("Phải là một danh sách."))
        return []
    return value


# --- Cell parsing -----------------------------------------------------------------------------------


class Cells:
    """Typed access to the cells of one row; every bad cell adds an error and yields a default."""

    def __init__(self, row: Row, errors: Errors) -> None:
        self.row = row
        self.errors = errors

    def _bad(self, column: str, message: str) -> None:
        self.errors.add(self.row.loc.at(column), message)

    def raw(self, column: str) -> Any:
        return self.row.values.get(column)

    def text(self, column: str, *, required: bool = False, max_length: int = 500) -> str:
        value = self.raw(column)
        text = "" if value is None else one_newline(str(value)).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if required and not text:
            self._bad(column, _("Bắt buộc phải có."))
        elif CONTROL_CHARACTERS.search(text):
            self._bad(column, _("Có ký tự điều khiển không hợp lệ."))
        elif len(text) > max_length:
            self._bad(column, _("Dài quá %(n)d ký tự.") % {"n": max_length})
        return text

    def integer(self, column: str, *, minimum: int = 0, default: int | None = None) -> int:
        value = self.raw(column)
        if value is None or value == "":
            if default is not None:
                return default
            self._bad(column, _("Bắt buộc phải có."))
            return minimum
        try:
            number = Decimal(str(value).strip())
            if number != number.to_integral_value():
                raise InvalidOperation
            result = int(number)
        except (InvalidOperation, ValueError):
            self._bad(column, _("Phải là số nguyên, đang là “%(v)s”.") % {"v": value})
            return minimum
        if result < minimum:
            self._bad(column, _("Phải từ %(n)d trở lên.") % {"n": minimum})
        return result

    def decimal(self, column: str) -> Decimal:
        value = self.raw(column)
        try:
            if value is None or value == "" or isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self._bad(column, _("Phải là một số (ví dụ 0,5 hoặc 20), đang là “%(v)s”.") % {"v": value})
            return Decimal(0)
        if number < 0:
            self._bad(column, _("Không được âm."))
        if number != number.quantize(Decimal("0.01")):
            self._bad(column, _("Tối đa 2 chữ số thập phân."))
        if number >= Decimal("100000"):
            self._bad(column, _("Giá trị quá lớn."))
        return _dec(number)

    def boolean(self, column: str, *, default: bool = False) -> bool:
        value = self.raw(column)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "x", "có", "co", "đúng"}:
            return True
        if text in {"0", "false", "no", "không", "khong", "sai"}:
            return False
        self._bad(column, _("Phải là true hoặc false, đang là “%(v)s”.") % {"v": value})
        return default

    def choice(self, column: str, allowed: Iterable[Any], *, default: Any = None) -> Any:
        value = self.raw(column)
        allowed_list = list(allowed)
        if (value is None or value == "") and default is not None:
            return default
        for option in allowed_list:
            if str(option) == str(value).strip() or (isinstance(option, int) and _same_int(value, option)):
                return option
        self._bad(
            column,
            _("Giá trị “%(v)s” không hợp lệ; chọn một trong: %(a)s.")
            % {"v": value, "a": ", ".join(str(a) for a in allowed_list)},
        )
        return allowed_list[0]

    def choices(self, column: str, allowed: Iterable[str], *, order: list[str]) -> list[str]:
        value = self.raw(column)
        if value is None or value == "":
            items: list[str] = []
        elif isinstance(value, list):
            items = [str(v).strip() for v in value]
        else:
            items = [v.strip() for v in str(value).split(",") if v.strip()]
        allowed_set = set(allowed)
        bad = [v for v in items if v not in allowed_set]
        if bad:
            self._bad(
                column,
                _("Giá trị “%(v)s” không hợp lệ; chọn trong: %(a)s.") % {"v": ", ".join(bad), "a": ", ".join(order)},
            )
        return [v for v in order if v in items]

    def date(self, column: str) -> datetime.date | None:
        value = self.raw(column)
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = None
        try:
            parsed = parse_date(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            self._bad(column, _("Ngày phải có dạng YYYY-MM-DD, đang là “%(v)s”.") % {"v": value})
        return parsed

    def datetime(self, column: str) -> datetime.datetime | None:
        value = self.raw(column)
        if value is None or value == "":
            return None
        parsed = value if isinstance(value, datetime.datetime) else None
        if parsed is None:
            try:
                parsed = parse_datetime(str(value).strip())
            except ValueError:
                parsed = None
        if parsed is None:
            self._bad(column, _("Thời điểm phải có dạng ISO 8601, đang là “%(v)s”.") % {"v": value})
            return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed


def _same_int(value: Any, option: int) -> bool:
    try:
        return Decimal(str(value).strip()) == option
    except (InvalidOperation, ValueError):
        return False
