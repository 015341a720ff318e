from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def fresh_search_index() -> Iterator[None]:
    """Each test runs in a transaction that is rolled back: rebuild the index around it."""
    from motcua.catalog.search import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture
def catalog_admin(db: Any) -> Any:
    """A system administrator, the role that maintains the national catalogue."""
    from motcua.org.choices import AgencyKind, Role
    from motcua.org.models import Agency, Membership, User

    user = User.objects.create_user(username="catalog.admin", password="x" * 12, full_name="Quản Trị Danh Mục")
    ministry = Agency.objects.get(kind=AgencyKind.MINISTRY)
    Membership.objects.create(user=user, agency=ministry, role=Role.SYSTEM_ADMIN)
    return user
