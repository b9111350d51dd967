"""Helpers of the tests of roles (test_roles, test_roles_page)."""

import pytest
from django.contrib.messages import get_messages

from federation.models import RoleGrant
from tests.factories import UserFactory


def _grants(federation) -> list[tuple[str, str]]:
    return list(
        RoleGrant.objects.filter(federation=federation)
        .order_by("user__username", "role")
        .values_list("user__username", "role")
    )


def _history(federation) -> list[tuple[str, str, str, str | None]]:
    rows = RoleGrant.history.filter(federation_id=federation.pk).order_by(
        "history_date", "history_id"
    )
    return [
        (
            row.history_type,
            row.user.username,
            row.role,
            row.history_user.username if row.history_user else None,
        )
        for row in rows
    ]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Ek")


def _grant_of(user, federation, role) -> RoleGrant:
    return RoleGrant.objects.get(user=user, federation=federation, role=role)
