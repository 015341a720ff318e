"""In-process search over the procedures in force: accent-insensitive, typo-tolerant, word-order
tolerant, with synonyms, ranked; matches the procedure code and the field too.

How it works: every procedure in force today becomes a document of folded tokens (name, English
name, field, result names) in an inverted index. A query is folded the same way and rewritten
with synonyms; each query word matches index words exactly, as a prefix (search-as-you-type) or
within a small edit distance (rapidfuzz), and documents are scored BM25-style, multiplied by the
share of query words they match, plus a bonus for adjacent words in order. The index is rebuilt
when `CatalogRevision` changes (checked at most once a second), when this process changed the
catalogue itself, or when the legal date changes.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import F
from django.utils import timezone
from rapidfuzz import process as fuzz_process
from rapidfuzz.distance import OSA

from motcua.catalog.models import CatalogRevision, ProcedureVersion
from motcua.core.text import fold

CHECK_EVERY_SECONDS = 1.0

# Weights of where a word was found.
W_NAME = 1.0
W_NAME_EN = 0.7
W_FIELD = 0.45
W_RESULT = 0.5
# Weights of how a query word matched an index word.
M_EXACT = 1.0
M_PREFIX = 0.85
M_FUZZY = 0.7
BM25_B = 0.25

# Phrase synonyms on folded text: each group lists phrases that mean the same to an applicant.
SYNONYMS: list[tuple[str, ...]] = [
    ("cap phep", "cap giay phep", "giay phep", "gp", "licence", "license", "permit"),
    ("x quang", "xquang", "x ray", "xray", "tia x"),
    ("so huu tri tue", "shtt", "intellectual property"),
    ("khoa hoc va cong nghe", "khoa hoc cong nghe", "khcn", "kh cn"),
    ("vo tuyen dien", "vtd", "radio"),
    ("nghiep du", "amateur", "ham"),
    ("cong nghe thong tin", "cntt"),
    ("nhan hieu", "thuong hieu", "logo", "trademark"),
    ("sang che", "patent", "bang sang che"),
    ("buu chinh", "buu dien", "chuyen phat", "postal"),
    ("vien thong", "telecom", "telecommunications", "internet"),
    ("chu ky so", "chu ky dien tu", "digital signature"),
    ("gia han", "keo dai", "renewal", "renew"),
    ("cap lai", "lam lai", "reissue"),
    ("sua doi bo sung", "sua doi", "dieu chinh", "thay doi", "amendment"),
    ("thu hoi", "huy", "revocation"),
    ("phuong tien do", "can", "dong ho do"),
    ("hang dong goi san", "hang dong goi"),
    ("tranh chap", "khieu nai", "dispute"),
    ("chi dan dia ly", "cddl", "geographical indication"),
    ("kieu dang cong nghiep", "kieu dang", "industrial design"),
    ("chuyen giao cong nghe", "cgcn", "technology transfer"),
    ("chat luong", "quality"),
    ("do luong", "metrology"),
    ("buc xa", "radiation"),
    ("tan so", "frequency", "frequencies"),
]
# Words an applicant adds that say nothing about which procedure: they may match, never required.
FILLER = frozenset(
    [
        "thu",
        "tuc",
        "xin",
        "muon",
        "toi",
        "lam",
        "the",
        "nao",
        "o",
        "dau",
        "nhu",
        "cach",
        "de",
        "can",
        "ho",
        "so",
        "nop",
        "va",
        "cua",
        "cho",
        "ve",
        "how",
        "to",
        "do",
        "i",
        "apply",
        "for",
        "the",
        "a",
        "an",
        "of",
        "get",
        "my",
    ]
)
# Words that ask for something other than obtaining the thing (renew, amend, revoke, reissue, ...).
CHANGE_WORDS = frozenset(["lai", "han", "hoi", "sua", "thay", "chinh", "renew", "amend", "revoke", "reissue"])
GRANT_BOOST = 1.25
_CODE = re.compile(r"^\d+(\.\d*)?$")


@dataclass
class Doc:
    """What the index keeps of a procedure version in force (enough to answer a list)."""

    version_id: int
    code: str
    name: str
    name_en: str
    field: str
    field_position: int
    levels: tuple[str, ...]
    time_limit_value: Decimal
    time_limit_unit: str
    boundary_free: bool
    online_level: str
    applicant_types: tuple[str, ...]
    sample: bool
    length: int = 0
    grant: bool = False  # "Cấp …" (not "Cấp lại"): what people typing just the object usually want


@dataclass
class Hit:
    doc: Doc
    score: float


@dataclass
class Index:
    """An immutable snapshot: rebuilt whole, swapped atomically."""

    revision: int
    day: Any
    tentative: bool
    docs: list[Doc] = field(default_factory=list)
    # word → (doc ids, where-weights): numpy arrays, so scoring a word is a few vector operations
    postings: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)
    pairs: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    by_code: dict[str, int] = field(default_factory=dict)
    avg_length: float = 1.0
    norm: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))  # BM25 length norm per doc
    grant: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    masks: dict[Any, np.ndarray] = field(default_factory=dict)
    vectors: dict[tuple[str, bool], np.ndarray | None] = field(default_factory=dict)

    expansions: dict[tuple[str, bool], list[tuple[str, float]]] = field(default_factory=dict)

    def expand(self, token: str, *, last: bool) -> list[tuple[str, float]]:
        key = (token, last)
        found = self.expansions.get(key)
        if found is None:
            if len(self.expansions) > 50_000:
                self.expansions.clear()
            found = self.expansions[key] = _expand(self, token, last)
        return found


# --- building ----------------------------------------------------------------------------------------


_CONSONANTS = frozenset("bcdghklmnpqrstvx")


def _norm(token: str) -> str:
    """Spelling variants applicants mix: "ký"/"kí", "lý"/"lí" (short syllables ending in y after a
    consonant are written with i too)."""
    if len(token) <= 3 and token.endswith("y") and len(token) >= 2 and token[-2] in _CONSONANTS:
        return token[:-1] + "i"
    return token


def tokens_of(text: str) -> list[str]:
    """Folded, normalised words of `text`, the same way for the index and for queries."""
    return [_norm(t) for t in fold(text).split()]


def _synonym_map() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    mapping: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group in SYNONYMS:
        phrases = [tuple(_norm(t) for t in p.split()) for p in group]
        for phrase in phrases:
            mapping[phrase] = [p for p in phrases if p != phrase]
    return mapping


SYNONYM_MAP = _synonym_map()
MAX_PHRASE = max(len(p) for p in SYNONYM_MAP)


def build_index(versions: Iterable[ProcedureVersion], *, revision: int, day: Any, tentative: bool) -> Index:
    index = Index(revision=revision, day=day, tentative=tentative)
    postings: dict[str, dict[int, float]] = {}
    pairs: dict[tuple[str, str], set[int]] = {}
    total_length = 0
    for version in versions:
        doc_id = len(index.docs)
        name_tokens = tokens_of(version.name)
        doc = Doc(
            version_id=version.pk,
            code=version.procedure.code,
            name=version.name,
            name_en=version.name_en,
            field=version.field.code,
            field_position=version.field.position,
            levels=tuple(version.levels),
            time_limit_value=version.time_limit_value,
            time_limit_unit=version.time_limit_unit,
            boundary_free=version.boundary_free,
            online_level=version.online_level,
            applicant_types=tuple(version.applicant_types),
            sample=version.sample,
            length=len(name_tokens),
            grant=name_tokens[:1] == ["cap"] and name_tokens[1:2] != ["lai"],
        )
        index.docs.append(doc)
        index.by_code[doc.code] = doc_id
        total_length += doc.length
        weighted: list[tuple[list[str], float]] = [
            (name_tokens, W_NAME),
            (tokens_of(version.name_en), W_NAME_EN),
            (
                tokens_of(f"{version.field.name} {version.field.name_en} {version.field.code.replace('_', ' ')}"),
                W_FIELD,
            ),
            (tokens_of(" ".join(r.name for r in getattr(version, "_results", []))), W_RESULT),
        ]
        for tokens, weight in weighted:
            for token in tokens:
                slot = postings.setdefault(token, {})
                if slot.get(doc_id, 0.0) < weight:
                    slot[doc_id] = weight
        for a, b in itertools.pairwise(name_tokens):
            pairs.setdefault((a, b), set()).add(doc_id)
    n = max(len(index.docs), 1)
    index.postings = {
        t: (
            np.fromiter(p.keys(), dtype=np.int32, count=len(p)),
            np.fromiter(p.values(), dtype=np.float32, count=len(p)),
        )
        for t, p in postings.items()
    }
    index.pairs = {k: np.fromiter(v, dtype=np.int32, count=len(v)) for k, v in pairs.items()}
    index.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
    index.vocab = sorted(postings)
    index.avg_length = total_length / n if index.docs else 1.0
    lengths = np.array([d.length for d in index.docs], dtype=np.float32)
    index.norm = (1.0 - BM25_B + BM25_B * (lengths / index.avg_length)).astype(np.float32)
    index.grant = np.array([d.grant for d in index.docs], dtype=bool)
    return index


def _versions_in_force(day: Any) -> list[ProcedureVersion]:
    from motcua.catalog.selectors import in_force_q  # selectors imports this module

    versions = list(
        ProcedureVersion.objects.filter(in_force_q(day))
        .select_related("procedure", "field")
        .order_by("procedure__code", "-number")
    )
    from motcua.catalog.models import ResultType

    results: dict[int, list[ResultType]] = {}
    for r in ResultType.objects.filter(version__in=[v.pk for v in versions]).only("version_id", "name"):
        results.setdefault(r.version_id, []).append(r)
    seen: set[int] = set()
    unique = []
    for v in versions:  # one version per procedure even if windows were entered badly
        if v.procedure_id in seen:
            continue
        seen.add(v.procedure_id)
        v._results = results.get(v.pk, [])  # type: ignore[attr-defined]
        unique.append(v)
    return unique


# --- the process-wide current index --------------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "checked": 0.0, "dirty": True}


def invalidate() -> None:
    """This process changed the catalogue: rebuild before the next search."""
    _state["dirty"] = True


def bump_revision() -> int:
    """Mark the catalogue changed for every process (their indexes notice within a second)."""
    updated = CatalogRevision.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=timezone.now())
    if not updated:
        CatalogRevision.objects.get_or_create(pk=1, defaults={"revision": 1})
    invalidate()
    return CatalogRevision.objects.values_list("revision", flat=True).get(pk=1)


def _db_revision() -> int:
    return CatalogRevision.objects.filter(pk=1).values_list("revision", flat=True).first() or 0


def get_index() -> Index:
    """The current index, rebuilt when stale. An index built inside a transaction (which may yet
    roll back) is used only until the next search outside one."""
    index: Index | None = _state["index"]
    today = timezone.localdate()
    now = time.monotonic()
    stale = (
        index is None or _state["dirty"] or index.day != today or (index.tentative and not connection.in_atomic_block)
    )
    if not stale and now - _state["checked"] > CHECK_EVERY_SECONDS:
        _state["checked"] = now
        stale = index is not None and _db_revision() != index.revision
    if not stale:
        assert index is not None
        return index
    with _lock:
        _state["dirty"] = False
        revision = _db_revision()
        fresh = build_index(
            _versions_in_force(today), revision=revision, day=today, tentative=connection.in_atomic_block
        )
        _state["index"] = fresh
        _state["checked"] = time.monotonic()
        return fresh


# --- querying --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    field: str | None = None
    level: str | None = None
    online_level: str | None = None
    applicant_type: str | None = None
    boundary_free: bool | None = None

    def accepts(self, doc: Doc) -> bool:
        return (
            (self.field is None or doc.field == self.field)
            and (self.level is None or self.level in doc.levels)
            and (self.online_level is None or doc.online_level == self.online_level)
            and (self.applicant_type is None or self.applicant_type in doc.applicant_types)
            and (self.boundary_free is None or doc.boundary_free == self.boundary_free)
        )


def search(query: str, *, filters: Filters | None = None, limit: int = 20, index: Index | None = None) -> list[Hit]:
    """The best `limit` procedures in force for `query`, best first."""
    return search_counted(query, filters=filters, limit=limit, index=index)[0]


def search_counted(
    query: str, *, filters: Filters | None = None, limit: int = 20, index: Index | None = None
) -> tuple[list[Hit], int]:
    """`search`, plus how many procedures matched in all (for "N results")."""
    index = index or get_index()
    filters = filters or Filters()
    raw = query.strip()
    n = len(index.docs)
    if not fold(raw) or n == 0:
        return [], 0
    scores = np.zeros(n, dtype=np.float32)
    if _CODE.match(raw):
        for code, doc_id in index.by_code.items():
            if code.startswith(raw):
                scores[doc_id] = 100.0 + (10.0 if code == raw else 0.0)
    tokens = tokens_of(raw)
    # Decided on what was typed, not on a synonym rewrite ("gia hạn" → "renew" is still a renewal).
    boost_grants = not any(t in CHANGE_WORDS for t in tokens)
    for variant in _variants(tokens):
        np.maximum(scores, _score(index, variant, boost_grants=boost_grants), out=scores)
    if filters != NO_FILTERS:
        scores[~_mask(index, filters)] = 0.0
    candidates = np.flatnonzero(scores > 0)
    total = len(candidates)
    if total > limit * 4:
        keep = np.argpartition(-scores[candidates], limit * 4)[: limit * 4]
        candidates = candidates[keep]
    ranked = sorted(
        (int(i) for i in candidates),
        key=lambda i: (-float(scores[i]), index.docs[i].length, index.docs[i].code),
    )
    return [Hit(index.docs[i], float(scores[i])) for i in ranked[:limit]], total


def _mask(index: Index, filters: Filters) -> np.ndarray:
    found = index.masks.get(filters)
    if found is None:
        found = index.masks[filters] = np.fromiter((filters.accepts(d) for d in index.docs), dtype=bool)
    return found


NO_FILTERS = Filters()


def listing(*, filters: Filters | None = None, index: Index | None = None) -> list[Doc]:
    """Every procedure in force that passes the filters, in field then code order."""
    index = index or get_index()
    filters = filters or Filters()
    return sorted((d for d in index.docs if filters.accepts(d)), key=lambda d: (d.field_position, d.code))


def _variants(tokens: list[str]) -> list[list[str]]:
    """The query and up to three rewrites with synonym phrases (first match of each group)."""
    variants = [tokens]
    i = 0
    while i < len(tokens) and len(variants) < 4:
        matched = False
        for size in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + size])
            alternatives = SYNONYM_MAP.get(phrase)
            if not alternatives:
                continue
            for alt in alternatives[:3]:
                if len(variants) >= 4:
                    break
                variants.append([*tokens[:i], *alt, *tokens[i + size :]])
            i += size
            matched = True
            break
        if not matched:
            i += 1
    return variants


def _score(index: Index, tokens: list[str], *, boost_grants: bool) -> np.ndarray:
    """Scores of every document for one rewrite of the query (0 = not a match)."""
    n = len(index.docs)
    required = [t for t in tokens if t not in FILLER] or tokens
    raw = np.zeros(n, dtype=np.float32)
    matched = np.zeros(n, dtype=np.int16)
    n_tokens = len(tokens)
    for position, token in enumerate(tokens):
        best = _token_vector(index, token, last=position == n_tokens - 1)
        if best is None:
            continue
        raw += best
        if token in required:
            matched += best > 0
    need = len(required)
    minimum = 1 if need <= 2 else math.ceil(need * 0.6)
    coverage = np.minimum(matched, need).astype(np.float32) / np.float32(need)
    result = raw / index.norm * coverage * coverage
    if boost_grants:
        result[index.grant] *= np.float32(GRANT_BOOST)
    passed = matched >= minimum
    if not passed.any() and need >= 3:
        # Long, chatty queries ("tôi muốn mở công ty bưu chính"): rather the best partial matches than nothing.
        passed = matched >= max(1, math.ceil(need * 0.34))
    result[~passed] = 0.0
    for a, b in itertools.pairwise(tokens):
        ids = index.pairs.get((a, b))
        if ids is not None:
            bonus = np.float32(0.3 * (index.idf.get(a, 0) + index.idf.get(b, 0)) / 2)
            result[ids] += np.where(result[ids] > 0, bonus, np.float32(0))
    return result


MAX_CACHED_VECTORS = 1000  # x 4 bytes x documents: about 20 MB for 5,000 procedures


def _token_vector(index: Index, token: str, *, last: bool) -> np.ndarray | None:
    """What one query word contributes to every document: the best of its expansions. Cached
    per index, since the same words come back in query after query."""
    key = (token, last)
    if key in index.vectors:
        return index.vectors[key]
    expansions = index.expand(token, last=last)
    vector = None
    if expansions:
        vector = np.zeros(len(index.docs), dtype=np.float32)
        for word, strength in expansions:
            ids, where = index.postings[word]
            current = vector[ids]  # ids are unique within a word: a gather/scatter, no ufunc.at needed
            np.maximum(current, where * np.float32(strength * index.idf[word]), out=current)
            vector[ids] = current
    if len(index.vectors) >= MAX_CACHED_VECTORS:
        index.vectors.clear()
    index.vectors[key] = vector
    return vector


def _expand(index: Index, token: str, last: bool) -> list[tuple[str, float]]:
    """Index words a query word stands for, with how strongly: exact, prefix, then near misses."""
    out: dict[str, float] = {}
    if token in index.postings:
        out[token] = M_EXACT
    # Prefixes: always for the word being typed, and for any unknown word of 3+ letters.
    if len(token) >= 2 and (last or (token not in index.postings and len(token) >= 3)):
        start = bisect.bisect_left(index.vocab, token)
        taken = 0
        for word in index.vocab[start:]:
            if not word.startswith(token):
                break
            if word != token:
                out.setdefault(word, M_PREFIX * math.sqrt(len(token) / len(word)))
                taken += 1
                if taken >= 30:
                    break
    if token not in index.postings and len(token) >= 3 and not token.isdigit():
        allowed = 1 if len(token) <= 5 else 2
        for word, distance, _i in fuzz_process.extract(
            token, index.vocab, scorer=OSA.distance, score_cutoff=allowed, limit=6
        ):
            if abs(len(word) - len(token)) <= allowed and word not in out and (len(token) > 3 or word[0] == token[0]):
                out[word] = M_FUZZY - 0.1 * (distance - 1)
    return list(out.items())
