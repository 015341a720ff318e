"""Vietnamese first, English complete: every user-facing string has an English translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
TEMPLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")


def app_dirs() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if p.is_dir() and (p / "apps.py").exists())


def catalogue(app: Path) -> dict[str, polib.POEntry]:
    path = app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return {}
    return {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}


def source_msgids(app: Path) -> set[str]:
    found: set[str] = set()
    for py in app.rglob("*.py"):
        if "tests" in py.parts or "migrations" in py.parts:
            continue
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and isinstance(node.args[-1 if node.func.id.startswith("p") else 0], ast.Constant)
            ):
                value = node.args[1 if node.func.id.startswith("p") else 0].value  # type: ignore[attr-defined]
                if isinstance(value, str) and value:
                    found.add(value)
    for html in app.rglob("*.html"):
        for match in TEMPLATE_TAG.finditer(html.read_text(encoding="utf-8")):
            found.add(match.group(2))
    return found


@pytest.mark.parametrize("app", app_dirs(), ids=lambda p: p.name)
def test_every_string_of_the_app_has_an_english_translation(app: Path) -> None:
    entries = catalogue(app)
    missing = sorted(m for m in source_msgids(app) if m not in entries)
    assert not missing, f"{app.name}: run makemessages -l en in motcua/{app.name} and translate: {missing[:10]}"
    untranslated = sorted(
        e.msgid
        for e in entries.values()
        if "fuzzy" in e.flags or (not e.msgstr and not (e.msgid_plural and all(e.msgstr_plural.values())))
    )
    assert not untranslated, f"{app.name}: untranslated or fuzzy: {untranslated[:10]}"
