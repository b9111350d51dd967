"""S8: the secretariat and the administrator reach nothing with a password only.

Generated over the URLconf like the permission matrix: a staff user who has given
the password but not the code is sent to the second-factor page from every URL but
the few open ones, the Django admin included (ASVS 6.3.2).
"""

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from accounts.middleware import OPEN
from cases.models import Case

from .conftest import make_outsider
from .test_permission_matrix import SECOND_FACTOR, _cases, outcome

ADMIN_PAGES = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/cases/case/",
    "/admin/otp_totp/totpdevice/",
]


def _password_only(username: str) -> Client:
    client = Client(raise_request_exception=False)
    user = User.objects.get(username=username)
    # The keyword of tests/conftest.py's force_login, which Django's does not know.
    client.force_login(user, second_factor_given=False)  # type: ignore[call-arg]
    return client


def test_every_url_sends_staff_without_the_code_to_the_second_factor(demo):
    make_outsider()
    cases, missing = _cases(demo)
    clients = {name: _password_only(name) for name in ("chef", "handlaggare", "ekonom")}
    wrong = []

    for name, url in cases:
        if name in {"second_factor", "second_factor_enrol"}:
            continue  # the pages it sends to (tests/accounts)
        expected = "open" if name in OPEN else SECOND_FACTOR
        for role, client in clients.items():
            response = client.get(url)
            got = outcome(response)
            if expected == SECOND_FACTOR and got != SECOND_FACTOR:
                wrong.append(f"{name} as {role}: {got} ({url})")
            if expected == "open" and got == SECOND_FACTOR:
                wrong.append(f"{name} as {role}: open page sent on ({url})")

    assert missing == []
    assert wrong == [], "\n".join(wrong)
    assert len(cases) >= 85


def test_the_admin_needs_the_second_factor(demo):
    client = _password_only("admin")

    for url in ADMIN_PAGES:
        response = client.get(url)
        assert outcome(response) == SECOND_FACTOR, url
        assert response.url == "/konto/tvastegsverifiering/?next=" + url.replace(
            "/", "%2F"
        )


def test_a_post_without_the_code_changes_nothing(demo):
    client = _password_only("chef")
    before = Case.objects.count()

    response = client.post(
        reverse("cases:case_create", args=[demo.slug]),
        {"title": "Nytt ärende utan andra faktorn"},
    )

    assert outcome(response) == SECOND_FACTOR
    assert Case.objects.count() == before


def test_a_ledamot_needs_no_second_factor(demo):
    client = _password_only("ledamot")

    response = client.get(reverse("meetings:my_meetings", args=[demo.slug]))

    assert response.status_code == 200
