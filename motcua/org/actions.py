"""Writes of the org app: API tokens and accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, NotFound
from motcua.org.models import ApiToken, User, hash_token

TOKEN_PREFIX = "mc_"  # noqa: S105 - a public marker that makes leaked tokens greppable, not a secret


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


@transaction.atomic
def token_create(*, user: User, expires_in: timedelta, name: str = "") -> IssuedToken:
    """Issue a bearer token; only its hash is stored, the raw value is returned once."""
    if expires_in <= timedelta(0):
        raise DomainError(_("Thời hạn của mã truy cập phải lớn hơn 0."), code="invalid_expiry")
    if expires_in > timedelta(days=366):
        raise DomainError(_("Mã truy cập chỉ được có hiệu lực tối đa 366 ngày."), code="invalid_expiry")
    if not user.is_active:
        raise DomainError(_("Tài khoản đã bị khóa."), code="inactive_user")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + expires_in,
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def token_revoke(*, prefix_or_raw: str, user: User | None = None) -> int:
    """Revoke by the raw token or its printed prefix (all of a user's tokens with `user` and "all")."""
    query = ApiToken.objects.filter(revoked_at__isnull=True)
    if user is not None and prefix_or_raw == "all":
        query = query.filter(user=user)
    elif prefix_or_raw.startswith(TOKEN_PREFIX) and len(prefix_or_raw) > 20:
        query = query.filter(key_hash=hash_token(prefix_or_raw))
    else:
        query = query.filter(prefix=prefix_or_raw)
        if user is not None:
            query = query.filter(user=user)
    count = query.update(revoked_at=timezone.now())
    if count == 0:
        raise NotFound(_("Không có mã truy cập nào khớp để thu hồi."))
    return count


def token_authenticate(raw: str) -> User | None:
    """The user behind a usable bearer token, or None; records the last use (at most once a minute)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def parse_duration(text: str) -> timedelta:
    """ "30d", "12h", "90m" → timedelta; the CLI's `--expires-in`."""
    text = text.strip().lower()
    units = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks"}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise DomainError(_("Thời hạn phải có dạng như 30d, 12h, 90m hoặc 2w."), code="invalid_expiry")
    return timedelta(**{units[text[-1]]: int(text[:-1])})
