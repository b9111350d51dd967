"""S7: login failures and the lock look the same for known and unknown usernames."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _without_csrf(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return html.replace('value="chef"', "").replace('value="ingen"', "")


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client, chef):
    known = client.post(reverse("login"), {"username": "chef", "password": "fel"})
    unknown = client.post(reverse("login"), {"username": "ingen", "password": "fel"})

    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known.content.decode()) == _without_csrf(
        unknown.content.decode()
    )


def test_an_unknown_user_is_locked_like_a_known_one(client, chef):
    for _ in range(5):
        client.post(reverse("login"), {"username": "ingen", "password": "fel"})

    response = client.post(reverse("login"), {"username": "ingen", "password": "x"})

    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


def test_a_lock_on_one_username_leaves_another_user_free(client, chef, handlaggare):
    for _ in range(5):
        client.post(reverse("login"), {"username": "chef", "password": "fel"})

    response = client.post(
        reverse("login"), {"username": "handlaggare", "password": "demo"}
    )

    assert response.status_code == 302
