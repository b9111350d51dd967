import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import throttle
from config.settings import database_from_url
from core.templatetags.format_sv import kr, procent, tal
from federation.roles import Role
from tests.factories import FederationFactory, grant

NBSP = "\xa0"


def test_kr_formats_swedish_money():
    assert kr(Decimal("14840000")) == f"14{NBSP}840{NBSP}000{NBSP}kr"
    assert kr(14840) == f"14{NBSP}840{NBSP}kr"
    assert kr(Decimal("6.53"), 2) == f"6,53{NBSP}kr"


def test_tal_and_procent():
    assert tal(104256) == f"104{NBSP}256"
    assert procent(Decimal("2.5")) == f"2,5{NBSP}%"


def test_database_from_url_postgres():
    config = database_from_url("postgres://postgres@127.0.0.1:5432/fbp")

    assert (
        config["ENGINE"],
        config["NAME"],
        config["USER"],
        config["HOST"],
        config["PORT"],
    ) == ("django.db.backends.postgresql", "fbp", "postgres", "127.0.0.1", "5432")


def test_database_from_url_sqlite_absolute_path():
    config = database_from_url("sqlite:////tmp/x.sqlite3")

    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/x.sqlite3"}


@pytest.mark.django_db
def test_home_sends_user_with_one_federation_to_it(client, chef, federation):
    client.force_login(chef)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("federation:dashboard", args=[federation.slug])


@pytest.mark.django_db
def test_home_lists_federations_when_user_has_several(client, chef, federation):
    second = FederationFactory(slug="andra", name="Andra förbundet")
    grant(chef, second, Role.FORTROENDEVALD)
    client.force_login(chef)

    response = client.get(reverse("home"))

    assert [f.slug for f in response.context["federations"]] == ["andra", "testforbund"]


@pytest.mark.django_db
def test_accessibility_statement_is_public(client):
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse" in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_swedish_and_has_landmarks(client):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html
    assert "Logga in" in html
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_login_slowed_after_repeated_failures(client, chef, monkeypatch):

    now = throttle.clock()
    monkeypatch.setattr(throttle, "clock", lambda: now)
    for _ in range(3):
        client.post(reverse("login"), {"username": "chef", "password": "fel"})

    refused = client.post(reverse("login"), {"username": "chef", "password": "demo"})
    now += datetime.timedelta(seconds=1)
    allowed = client.post(reverse("login"), {"username": "chef", "password": "demo"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "För många misslyckade inloggningsförsök" in refused.content.decode()
    assert "Vänta 1 sekund innan du försöker igen." in refused.content.decode()
    assert allowed.status_code == 302


@pytest.mark.django_db
def test_logout_needs_post_and_ends_session(client, chef):
    client.force_login(chef)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
