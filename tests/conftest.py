import pytest
from django.core.cache import cache
from django.test import Client

from accounts import second_factor
from federation.roles import Role
from tests.factories import FederationFactory, UserFactory, grant


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached page parts never cross tests."""
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_gives_both_factors(monkeypatch):
    """force_login stands for a finished login: the password and, for the roles that
    need one, the second factor. Tests of the second factor itself log in through
    the login form or pass second_factor_given=False."""
    force_login = Client.force_login

    def login(self, user, backend=None, second_factor_given=True):
        force_login(self, user, backend)
        if second_factor_given:
            session = self.session
            session[second_factor.VERIFIED] = "force_login"
            session.save()

    monkeypatch.setattr(Client, "force_login", login)


@pytest.fixture
def federation(db):
    return FederationFactory(
        slug="testforbund", name="Testförbundet", diarium_prefix="TF"
    )


@pytest.fixture
def other_federation(db):
    return FederationFactory(slug="annat", name="Annat förbund", diarium_prefix="AF")


def _user(username, role, federation):
    user = UserFactory(username=username)
    if federation is not None and role:
        grant(user, federation, role)
    return user


@pytest.fixture
def chef(federation):
    return _user("chef", Role.ADMINISTRATOR, federation)


@pytest.fixture
def handlaggare(federation):
    return _user("handlaggare", Role.HANDLAGGARE, federation)


@pytest.fixture
def ekonom(federation):
    return _user("ekonom", Role.EKONOM, federation)


@pytest.fixture
def ledamot(federation):
    return _user("ledamot", Role.FORTROENDEVALD, federation)


@pytest.fixture
def outsider(other_federation):
    """An administrator of another federation."""
    return _user("outsider", Role.ADMINISTRATOR, other_federation)


@pytest.fixture
def role_users(chef, handlaggare, ekonom, ledamot, outsider):
    return {
        "chef": chef,
        "handlaggare": handlaggare,
        "ekonom": ekonom,
        "ledamot": ledamot,
        "outsider": outsider,
        "anonymous": None,
    }
