"""Vietnamese text helpers shared by search and address matching."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse everything else to single spaces."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _NON_ALNUM.sub(" ", text).strip()


def compact_key(text: str) -> str:
    """`fold` without spaces: "Phường Hạc Thành" → "phuonghacthanh"."""
    return fold(text).replace(" ", "")
