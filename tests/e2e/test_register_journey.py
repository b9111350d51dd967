import pytest

from .conftest import PHONE, login, screenshot

pytestmark = pytest.mark.e2e


def test_chef_reads_direktion_composition_and_members(page, demo_site, axe):
    login(page, demo_site, "chef")
    # In the list of the chef's förbund (the public overview below names it too).
    page.get_by_role("listitem").get_by_role(
        "link", name="Boråsregionen Sjuhärads kommunalförbund"
    ).click()
    page.get_by_role("link", name="Organ").first.click()
    axe.check(page)
    page.get_by_role("link", name="Direktionen").click()
    page.locator("#id_datum").fill("2024-03-01")
    page.get_by_role("button", name="Visa").click()

    assert page.get_by_role("heading", name="Sammansättning 2024-03-01").is_visible()
    beslutande = page.locator("h3:has-text('Beslutande') + ol li")
    assert beslutande.count() == 9
    assert "Ordförande" in beslutande.first.inner_text()
    axe.check(page)
    screenshot(page, "direktion-sammansattning")

    page.get_by_role("link", name="Medlemmar").first.click()
    assert page.locator("tbody tr").count() == 9  # eight members and Varberg
    axe.check(page)


def test_chef_on_phone_sees_srb_rule_checks(page, demo_site, axe):
    # The demo's ledamot sits in Sjuhärad only; the chef works for both förbund.
    page.set_viewport_size(PHONE)
    login(page, demo_site, "chef")
    page.goto(f"{demo_site}/vastmanland/organ/")
    page.get_by_role("link", name="Strategisk regional beredning").click()

    checks = page.locator(".checks li")
    assert checks.count() == 5
    assert page.locator(".checks li.fail").count() == 0
    axe.check(page)
    screenshot(page, "srb-regler-mobil")


def test_keyboard_reaches_main_content_by_skip_link(page, demo_site):
    page.goto(f"{demo_site}/tillganglighet/")
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
