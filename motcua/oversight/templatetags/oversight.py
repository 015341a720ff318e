"""Small template helpers for the oversight pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict[str, Any], key: Any) -> Any:
    """`{{ mapping|get:key }}`: a dictionary lookup with a variable key."""
    return mapping.get(key, "") if mapping else ""
