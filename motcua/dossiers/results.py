"""Signed results: Ed25519 signatures over the e-document's canonical metadata, verifiable by
anyone at a public URL (`/api/v1/results/{code}/verify`) with the published public key.

The key comes from `MOTCUA_SIGNING_KEY_FILE` (PEM, PKCS#8). In development and tests a key is
generated once under `var/` when the setting is absent; in production a missing key refuses
to sign (clear error), it is never invented silently.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def _private_key() -> Ed25519PrivateKey:
    path_setting = getattr(settings, "MOTCUA_SIGNING_KEY_FILE", "")
    path = Path(path_setting) if path_setting else Path(settings.VAR_DIR) / "signing-key.pem"
    if not path.exists():
        if not (settings.DEBUG or getattr(settings, "TESTING", False)) or path_setting:
            raise DomainError(
                _("Chưa cấu hình khóa ký số (MOTCUA_SIGNING_KEY_FILE)."), code="signing_key_missing", status=503
            )
        key = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        path.chmod(0o600)
        return key
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise DomainError(_("Khóa ký số phải là khóa Ed25519."), code="signing_key_invalid", status=503)
    return loaded


def public_key() -> Ed25519PublicKey:
    return _private_key().public_key()


def public_key_pem() -> str:
    return (
        public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    )


def key_id() -> str:
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(payload: dict[str, Any]) -> tuple[str, str]:
    """(base64 signature, key id) of the canonical payload."""
    signature = _private_key().sign(canonical(payload))
    return base64.b64encode(signature).decode(), key_id()


def verify(payload: dict[str, Any], signature_b64: str) -> bool:
    try:
        public_key().verify(base64.b64decode(signature_b64), canonical(payload))
    except (InvalidSignature, ValueError):
        return False
    return True
