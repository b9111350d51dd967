"""A new handläggare's first login: the password, then setting up the second factor
with the key the page shows, then where they were going. A colleague who has set
it up is asked for the code."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from federation.models import Federation
from federation.roles import Role
from tests.factories import UserFactory, grant
from tests.second_factor import code_for, device_of

from .conftest import PHONE, screenshot

pytestmark = pytest.mark.e2e


def _code_from_key(secret: str) -> str:
    """What the app computes from the key typed in by hand."""

    key = secret.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{TOTP(b32decode(key)).token():06d}"


def test_new_handlaggare_sets_up_the_second_factor_on_a_phone(page, demo_site, axe):
    user = UserFactory(username="nyanstalld", first_name="Nora", last_name="Ek")
    grant(user, Federation.objects.get(slug="sjuharad"), Role.HANDLAGGARE)
    page.set_viewport_size(PHONE)

    page.goto(f"{demo_site}/sjuharad/arenden/")
    page.get_by_label("Användarnamn").fill("nyanstalld")
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url("**/konto/tvastegsverifiering/aktivera/**")
    assert page.get_by_role("heading", name="Ställ in tvåstegsverifiering").is_visible()
    assert page.get_by_role("img", name="QR-kod för tvåstegsverifiering").is_visible()
    axe.check(page)
    screenshot(page, "tvastegsverifiering-mobil")
    page.locator("#id_code").fill("12345")
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
    assert page.get_by_text("Koden ska vara sex siffror.").is_visible()
    axe.check(page)  # the page with its error

    secret = page.locator("#secret").inner_text()
    page.locator("#id_code").fill(_code_from_key(secret))
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()

    page.wait_for_url("**/sjuharad/arenden/")
    assert page.get_by_text("Tvåstegsverifiering är nu inställd.").is_visible()

    # The administrativ chef has a phone set up already: the code is asked for.
    page.get_by_role("button", name="Logga ut").click()
    page.goto(f"{demo_site}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("chef")
    page.get_by_label("Lösenord").fill("demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/tvastegsverifiering/?**")
    axe.check(page)
    page.locator("#id_code").fill(code_for(device_of("chef")))
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url(f"{demo_site}/")
