"""API authentication: `Authorization: Bearer <token>` for systems, the session (with CSRF) for pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from motcua.org.actions import token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()
session = SessionAuth(csrf=True)
# Staff endpoints: a bearer token or a signed-in browser session.
staff_auth = [bearer, session]
