"""S7: login throttling slows guessing with a growing wait and locks nobody out."""

import datetime
import re
import threading

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts import throttle
from accounts.models import LoginCounter
from core.client_address import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = "198.51.100.10"
AWAY = "203.0.113.20"
PROXY = "10.0.0.2"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

    def advance(self, seconds: float) -> None:
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    fixed = Clock()
    monkeypatch.setattr(throttle, "clock", lambda: fixed.now)
    return fixed


@pytest.fixture
def ordforande(db):
    return UserFactory(username="ordforande")


def attempt(client, username, password="fel", address=HOME, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_five_failures_from_one_address_leave_the_user_free_elsewhere(
    client, clock, ordforande
):
    for n in range(5):
        clock.advance(60 * n)  # past each wait: all five are real failures
        assert attempt(client, "ordforande").status_code == 200

    assert LoginCounter.objects.get(scope="pair").failures == 5
    assert attempt(client, "ordforande", "demo").status_code == 429
    response = attempt(client, "ordforande", "demo", address=AWAY)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ordforande.pk)


def test_the_wait_doubles_up_to_fifteen_minutes(client, clock, ordforande):
    attempt(client, "ordforande")
    attempt(client, "ordforande")
    waits = []
    for _ in range(12):
        assert attempt(client, "ordforande").status_code == 200
        refused = attempt(client, "ordforande", "demo")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])

    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]


def test_the_page_says_how_long_to_wait_in_swedish(client, clock, ordforande):
    for _ in range(3):
        attempt(client, "ordforande")
        clock.advance(1)
    attempt(client, "ordforande")  # the fourth failure makes the next one wait 2 s

    html = attempt(client, "ordforande").content.decode()
    clock.advance(1.5)
    html_later = attempt(client, "ordforande").content.decode()

    assert "För många misslyckade inloggningsförsök" in html
    assert "Vänta 2 sekunder innan du försöker igen." in html
    assert "Vänta 1 sekund innan du försöker igen." in html_later


def test_a_refused_attempt_does_not_lengthen_the_wait(client, clock, ordforande):
    for _ in range(3):
        attempt(client, "ordforande")
    for _ in range(5):
        clock.advance(0.1)
        assert attempt(client, "ordforande").status_code == 429

    clock.advance(0.5)  # one second after the third failure

    assert attempt(client, "ordforande").status_code == 200


def test_failures_stop_counting_after_an_hour(client, clock, ordforande):
    for _ in range(3):
        attempt(client, "ordforande")
    assert attempt(client, "ordforande").status_code == 429

    clock.advance(3600)
    statuses = [attempt(client, "ordforande").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert attempt(client, "ordforande").status_code == 429


def test_a_successful_login_clears_the_username_and_address(client, clock, ordforande):
    attempt(client, "ordforande")
    attempt(client, "ordforande")
    assert attempt(client, "ordforande", "demo").status_code == 302
    client.logout()

    statuses = [attempt(client, "ordforande").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_one_address_spraying_many_usernames_is_slowed(client, clock):
    usernames = [f"gissning{n}" for n in range(10)]

    statuses = [attempt(client, name).status_code for name in usernames * 2]

    assert statuses == [200] * 10 + [429] * 10
    assert attempt(client, usernames[0], address=AWAY).status_code == 200
    clock.advance(1)
    assert attempt(client, usernames[5]).status_code == 200
    assert attempt(client, usernames[6])["Retry-After"] == "2"


def test_a_distributed_guess_at_one_username_is_slowed(client, clock, ordforande):
    statuses = [
        attempt(client, "ordforande", address=f"192.0.2.{n}").status_code
        for n in range(1, 32)
    ]

    assert statuses == [200] * 30 + [429]


def test_a_guess_spread_over_addresses_never_keeps_the_owner_out(
    client, clock, ordforande
):
    """Anyone can feed the username's counter, so its wait stops at a minute: one
    wrong password sent the moment each wait ends keeps no one out for long."""
    for n in range(60):
        clock.advance(throttle.wait_after(n, "username").total_seconds())
        attempt(client, "ordforande", address=f"192.0.2.{n + 1}")
    assert throttle.wait_after(60, "username") == datetime.timedelta(minutes=1)

    clock.advance(60)
    assert attempt(client, "ordforande", "demo", address=AWAY).status_code == 302


def test_a_browser_where_the_user_logged_in_before_skips_the_username_counter(
    client, clock, ordforande
):
    assert attempt(client, "ordforande", "demo", address=AWAY).status_code == 302
    client.post(reverse("logout"))  # Client.logout() would drop every cookie
    attacker = Client()
    for n in range(31):  # the username's counter past its free attempts
        attempt(attacker, "ordforande", address=f"192.0.2.{n + 1}")
    assert attempt(attacker, "ordforande", "demo", address=HOME).status_code == 429

    # The owner's browser has the device cookie of its earlier login.
    assert attempt(client, "ordforande", "demo", address=AWAY).status_code == 302


def test_a_device_cookie_cannot_be_made_up_or_moved_to_another_username(
    client, clock, ordforande
):
    UserFactory(username="sekreterare")
    assert attempt(client, "sekreterare", "demo", address=AWAY).status_code == 302
    client.post(reverse("logout"))
    for n in range(31):
        attempt(Client(), "ordforande", address=f"192.0.2.{n + 1}")

    # The cookie names sekreterare only; a made-up one is no cookie at all.
    assert attempt(client, "ordforande", "demo", address=AWAY).status_code == 429
    client.cookies[throttle.DEVICE_COOKIE] = "ordforande:forged"
    assert attempt(client, "ordforande", "demo", address=AWAY).status_code == 429


def test_a_variant_spelling_of_the_username_shares_its_counter(
    client, clock, ordforande
):
    variants = ["ordforande", "ORDFORANDE", "ｏｒｄｆｏｒａｎｄｅ", " ordforande "]
    for n in range(30):
        attempt(client, variants[n % 4], address=f"192.0.2.{n + 1}")

    assert attempt(client, "Ｏｒｄｆｏｒａｎｄｅ", address=AWAY).status_code == 429


def test_an_ipv6_subscriber_is_one_address(client, clock):
    statuses = [
        attempt(client, f"anvandare{n}", address=f"2001:db8:1:2::{n + 1:x}").status_code
        for n in range(11)
    ]

    assert statuses == [200] * 10 + [429]


def test_a_throttled_known_and_unknown_username_get_the_same_answer(
    client, clock, chef
):
    for _ in range(3):
        attempt(client, "chef")
        attempt(client, "ingen")

    known = attempt(client, "chef", "demo")
    unknown = attempt(client, "ingen", "demo")

    def page(response):
        return re.sub(r'nonce="[^"]+"', "", response.content.decode())

    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"] == "1"
    assert page(known) == page(unknown)
    assert "Vänta 1 sekund innan du försöker igen." in page(known)


def test_no_password_is_checked_while_throttled(client, clock, chef, monkeypatch):
    checked = []
    authenticate = ModelBackend.authenticate

    def spy(self, request, username=None, password=None, **kwargs):
        checked.append(username)
        return authenticate(self, request, username, password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", spy)
    for _ in range(3):
        attempt(client, "chef")
    assert checked == ["chef"] * 3

    response = attempt(client, "chef", "demo")

    assert response.status_code == 429
    assert checked == ["chef"] * 3
    assert "_auth_user_id" not in client.session


def test_the_admin_login_goes_through_the_throttled_page(client):
    response = client.post("/admin/login/?next=/admin/", {"username": "chef"})

    assert response.status_code == 302
    assert response["Location"] == "/konto/logga-in/?next=/admin/"


def test_old_counters_are_pruned(client, clock):
    LoginCounter.objects.create(
        scope="address", key="x" * 64, failures=9, last_attempt_at=clock.now
    )
    clock.advance(3600)

    attempt(client, "ingen")

    assert not LoginCounter.objects.filter(key="x" * 64).exists()


# The client's address.


def _request(forwarded=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.5", PROXY),  # no proxy trusted: the header is ignored
        (1, None, PROXY),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the leftmost is the client's
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # fewer entries than proxies: not through them all
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "203.0.113.5:51234", "203.0.113.5"),  # a balancer that adds the port
        (1, "[2001:db8::1]:51234", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(_request(forwarded)) == address


def test_without_trusted_proxies_a_forwarded_header_does_not_escape(
    client, clock, settings, ordforande
):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        attempt(
            client, "ordforande", address=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )

    response = attempt(
        client, "ordforande", "demo", address=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )

    assert response.status_code == 429


def test_behind_one_proxy_the_rightmost_entry_is_the_client(
    client, clock, settings, ordforande
):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        attempt(
            client,
            "ordforande",
            address=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {HOME}",
        )

    spoofed = attempt(
        client, "ordforande", address=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {HOME}"
    )
    elsewhere = attempt(
        client, "ordforande", "demo", address=PROXY, HTTP_X_FORWARDED_FOR=AWAY
    )

    assert spoofed.status_code == 429
    assert elsewhere.status_code == 302


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers; the row lock is proven on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_cannot_share_one_gap(clock):
    for _ in range(3):
        throttle.begin_attempt("ordforande", HOME)
    clock.advance(1)  # exactly one attempt may pass now
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            throttle.begin_attempt("ordforande", HOME)
            outcomes.append("passed")
        except throttle.Throttled:
            outcomes.append("throttled")
        except Exception as error:  # collected and asserted below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["passed"] + ["throttled"] * 9
