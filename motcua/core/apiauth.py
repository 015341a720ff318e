"""API authentication: `Authorization: Bearer <token>` for systems, the session (with CSRF) for pages.

Every app's endpoints declare `auth=staff_auth` from here, so no domain app imports the API
layer. Tokens belong to accounts (org); core names the check by its path, as `core.setup`
names the setup steps, so the lowest layer imports nothing above it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string
from ninja.security import HttpBearer, SessionAuth

BEARER_CHECK = "motcua.org.actions.token_authenticate"


@cache
def _token_authenticate() -> Any:
    return import_string(BEARER_CHECK)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = _token_authenticate()(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()
session = SessionAuth(csrf=True)
# Staff endpoints: a bearer token or a signed-in browser session.
staff_auth = [bearer, session]
