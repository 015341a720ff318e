"""Search: accent-insensitive, typo-tolerant, word-order tolerant, synonyms, codes and fields,
filters, and an index that follows changes. The quality set below is what applicants type."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from motcua.catalog import actions, search
from motcua.catalog.choices import VersionStatus
from motcua.catalog.models import ProcedureVersion

# (query, expected code in the top 3). No accents, typos, partial words, synonyms, word order, English.
QUALITY_SET: list[tuple[str, str]] = [
    ("giay phep vo tuyen dien nghiep du", "1.900012"),
    ("giấy phép đài vô tuyến điện nghiệp dư", "1.900012"),
    ("chung chi vo tuyen dien vien nghiep du", "1.900010"),
    ("chứng chỉ nghiệp dư", "1.900010"),
    ("cap lai chung chi nghiep du", "1.900011"),
    ("gia han giay phep tan so nghiep du", "1.900013"),
    ("sua doi giay phep dai nghiep du", "1.900014"),
    ("giay phep tan so dai tau", "1.900015"),
    ("tan so vo tuyen mang noi bo", "1.900016"),
    ("amateur radio certificate", "1.900010"),
    ("giay phep x quang", "1.900017"),
    ("cấp phép X-quang chẩn đoán y tế", "1.900017"),
    ("gia han giay phep x quang", "1.900018"),
    ("sua doi bo sung giay phep xquang", "1.900019"),
    ("cap lai giay phep buc xa x quang", "1.900020"),
    ("chung chi nhan vien buc xa", "1.900021"),
    ("khai bao may x quang", "1.900022"),
    ("ke hoach ung pho su co buc xa", "1.900023"),
    ("x-ray licence", "1.900017"),
    ("giay phep dich vu vien thong", "1.900001"),
    ("cap phep vien thong khong co ha tang mang", "1.900001"),
    ("gia han giay phep vien thong", "1.900003"),
    ("sua doi giay phep dich vu vien thong", "1.900002"),
    ("thu hoi giay phep vien thong", "1.900004"),
    ("cap lai giay phep vien thong bi mat", "1.900005"),
    ("thiet lap mang vien thong co dinh mat dat", "1.900006"),
    ("tranh chap doanh nghiep vien thong", "1.900008"),
    ("hop dong mau vien thong", "1.900009"),
    ("vien thog giai quyet tranh chap", "1.900008"),
    ("cong bo hop chuan", "1.900024"),
    ("dang ky cong bo hop quy san pham", "1.900025"),
    ("kiem tra chat luong hang nhap khau", "1.900026"),
    ("kiem tra do luong hang dong goi san tai cho", "1.900027"),
    ("thong bao su dung phuong tien do nhom 2", "1.900028"),
    ("kiem tra chat luong san pham tren dia ban xa", "1.900029"),
    ("chung nhan chuan do luong", "1.900030"),
    ("dau dinh luong hang dong goi", "1.900031"),
    ("giai thuong chat luong quoc gia", "1.900032"),
    ("dang ky hoat dong khoa hoc cong nghe", "1.900033"),
    ("giấy chứng nhận đăng ký hoạt động KH&CN", "1.900033"),
    ("thay doi giay chung nhan hoat dong khcn", "1.900034"),
    ("doanh nghiep khoa hoc va cong nghe", "1.900036"),
    ("dang ky ket qua nhiem vu khoa hoc", "1.900037"),
    ("hop dong chuyen giao cong nghe", "1.900038"),
    ("van phong dai dien to chuc khoa hoc nuoc ngoai", "1.900039"),
    ("dang ky nhan hieu", "1.900040"),
    ("dang ky thuong hieu", "1.900040"),
    ("nhan hiu", "1.900040"),
    ("dang ky sang che", "1.900041"),
    ("patent", "1.900041"),
    ("kieu dang cong nghiep", "1.900042"),
    ("su dung chi dan dia ly", "1.900043"),
    ("thay doi chu so huu nhan hieu tap the", "1.900044"),
    ("the giam dinh vien so huu cong nghiep", "1.900045"),
    ("giay phep buu chinh", "1.900046"),
    ("cap phep buu chinh", "1.900046"),
    ("giấy phép bưu điện", "1.900046"),
    ("sua doi giay phep buu chinh", "1.900047"),
    ("thong bao hoat dong buu chinh", "1.900049"),
    ("cap lai giay phep buu chinh bi mat", "1.900050"),
    ("tham dinh thiet ke co so du an cntt", "1.900051"),
    ("thiet ke co so cong nghe thong tin nhom a", "1.900051"),
    ("du an cong nghe thong tin cap xa", "1.900052"),
    ("chu ky so cong cong", "1.900053"),
    ("chung thuc chu ky dien tu", "1.900053"),
    ("cung cap thong tin truc tuyen", "1.900054"),
    ("nghiep du vo tuyen chung chi", "1.900010"),
    ("buu chinh giay phep cap lai het han", "1.900048"),
    ("giay phep vo tuyen dien", "1.900012"),
    ("xquang", "1.900017"),
    ("xin cap phep x quang cho phong kham", "1.900017"),
    ("may x quang nha khoa", "1.900017"),
    ("toi muon mo cong ty buu chinh", "1.900046"),
    ("dang ky logo", "1.900040"),
    ("how to register a trademark", "1.900040"),
    ("telecom licence renewal", "1.900003"),
    ("lam chung chi vo tuyen nghiep du het bao nhieu tien", "1.900010"),
    ("1.900046", "1.900046"),
    ("1.90005", "1.900050"),
]


def test_the_quality_set_is_large_enough() -> None:
    assert len(QUALITY_SET) >= 60


def test_it_finds_the_expected_procedure_in_the_top_three_for_95_percent_of_real_queries(db: Any) -> None:
    """The issue's bar: ≥ 95% of realistic queries put the expected procedure in the top 3."""
    misses = []
    for query, code in QUALITY_SET:
        top = [hit.doc.code for hit in search.search(query, limit=3)]
        if code not in top:
            misses.append((query, code, top))
    rate = 1 - len(misses) / len(QUALITY_SET)
    assert rate >= 0.95, misses


def top(query: str, **filters: Any) -> list[str]:
    return [h.doc.code for h in search.search(query, filters=search.Filters(**filters), limit=5)]


def test_it_ignores_accents_and_case(db: Any) -> None:
    """ "giay phep vo tuyen dien" finds "Giấy phép … vô tuyến điện" (the issue's example)."""
    assert top("GIAY PHEP VO TUYEN DIEN")[:3] == top("giấy phép vô tuyến điện")[:3]
    assert "1.900012" in top("giay phep vo tuyen dien")[:3]


def test_it_tolerates_typos_and_word_order(db: Any) -> None:
    assert top("chung chi nghiep du vo tuyen")[0] == "1.900010"
    assert top("chungg chi nghiep duu")[0] in {"1.900010", "1.900011"}
    assert "1.900040" in top("nhan hiue dang ki")[:3]


def test_it_completes_the_word_being_typed(db: Any) -> None:
    """Search as you type: the last word is a prefix."""
    assert "1.900046" in top("giay phep buu ch")[:3]
    assert "1.900017" in top("x qua")[:3]


def test_it_uses_synonyms(db: Any) -> None:
    """ "cấp phép" means "giấy phép"; "thương hiệu" means "nhãn hiệu"; abbreviations expand."""
    assert "1.900046" in top("cap phep buu chinh")[:3]
    assert top("thuong hieu")[0] == "1.900040"
    assert "1.900033" in top("hoat dong khcn")[:3]


def test_it_matches_the_field_and_the_code(db: Any) -> None:
    assert set(top("buu chinh", field="postal_services")) <= {f"1.9000{n}" for n in range(46, 51)}
    assert top("1.900017") == ["1.900017"]
    assert len(top("tần số vô tuyến điện")) >= 3


def test_it_filters_by_level_online_level_applicant_type_and_boundary(db: Any) -> None:
    communal = search.search("kiem tra", filters=search.Filters(level="commune"), limit=50)
    assert communal and all("commune" in h.doc.levels for h in communal)
    ministry = search.listing(filters=search.Filters(level="ministry"))
    assert ministry and all(d.levels == ("ministry",) for d in ministry)
    assert all(d.online_level == "none" for d in search.listing(filters=search.Filters(online_level="none")))
    citizens = search.listing(filters=search.Filters(applicant_type="citizen"))
    assert citizens and all("citizen" in d.applicant_types for d in citizens)
    local = search.listing(filters=search.Filters(boundary_free=False))
    assert "1.900008" in {d.code for d in local}


def test_it_returns_nothing_for_nonsense_and_empty_queries(db: Any) -> None:
    assert search.search("") == []
    assert search.search("   ;;; ") == []
    assert search.search("zzqxw kkjjh") == []


def test_it_rebuilds_the_index_when_the_catalogue_changes(db: Any, catalog_admin: Any) -> None:
    """A procedure published now is found at once; a retired one disappears."""
    assert "1.900001" in top("giay phep dich vu vien thong")
    version = ProcedureVersion.objects.get(procedure__code="1.900001", status=VersionStatus.PUBLISHED)
    actions.version_retire(acting_user=catalog_admin, version_id=version.pk, valid_to=datetime.date(2025, 7, 31))
    assert "1.900001" not in top("giay phep dich vu vien thong")


@pytest.mark.parametrize("query", ["a", "gi", "1.", "đ", "x" * 200, "giấy phép " * 20])
def test_it_answers_odd_queries_without_error(db: Any, query: str) -> None:
    assert isinstance(search.search(query), list)


def test_it_finds_every_procedure_first_by_its_own_name_typed_without_accents(db: Any) -> None:
    from motcua.core.text import fold

    index = search.get_index()
    for doc in index.docs:
        assert search.search(fold(doc.name), limit=1)[0].doc.code == doc.code, doc.name
        assert doc.code in [h.doc.code for h in search.search(doc.name_en, limit=3)], doc.name_en
