"""Fixtures for the security tests: the demo loaded once per module, role clients."""

import os

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from federation.models import Federation
from federation.roles import Role
from tests.factories import grant

ROLES = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")


def load_demo() -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


def make_outsider() -> User:
    """An Administratör of Västmanland only: Sjuhärad's pages are not theirs."""
    user, _ = User.objects.get_or_create(username="outsider")
    grant(user, Federation.objects.get(slug="vastmanland"), Role.ADMINISTRATOR)
    return user


def role_clients() -> dict[str, Client]:
    """One client per role; errors come back as 500 responses instead of raising."""
    make_outsider()
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(User.objects.get(username=role))
        clients[role] = client
    return clients


@pytest.fixture
def demo(transactional_db):
    """The demo data; on-commit work (the kallelse PDF) runs as in production."""
    load_demo()
    return Federation.objects.get(slug="sjuharad")
