"""The secretariat's meeting cycle in the browser (issue 18, the first check): the
chef opens the held demo meeting, reaches its protokoll by clicking, does the upprop
in one save, adds and edits a yrkande, chooses the justerare and sends the protokoll
for justering; the justerare finds it under "Att göra" and opens it by clicking.

No URL is typed after the login: every page is reached by a link or a button."""

import pytest
from playwright.sync_api import expect

from federation.models import Assignment, Person
from meetings.models import Meeting
from minutes.models import Approval, Attendance, Minutes, Yrkande

from .conftest import login, screenshot, watch_console

pytestmark = pytest.mark.e2e

DAY = "2024-04-26"  # the demo's Direktion meeting held without a protokoll


def _meeting() -> Meeting:
    return Meeting.objects.get(body__federation__slug="sjuharad", date=DAY)


def _chef_reaches_the_protokoll(page, demo_site: str, axe) -> None:
    login(page, demo_site, "chef")
    # The start page (the chef's two förbund) asks the secretariat to write the
    # protokoll of the held meeting, under the förbund's name.
    write = f"Skriv protokollet från Direktionen {DAY}"
    sjuharad = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Boråsregionen Sjuhärads kommunalförbund")
    )
    expect(sjuharad.get_by_role("link", name=write)).to_be_visible()
    axe.check(page)
    screenshot(page, "secretariat-start-page")
    sjuharad.get_by_role("link", name="Boråsregionen Sjuhärads kommunalförbund").click()
    todo = page.get_by_role("region", name="Att göra", exact=True)
    expect(todo.get_by_role("link", name=write)).to_be_visible()
    axe.check(page)
    screenshot(page, "secretariat-att-gora")
    # The chef opens the meeting itself and reaches the protokoll from its page.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Sammanträden", exact=True
    ).click()
    page.get_by_role("row").filter(has_text="Direktionen").filter(
        has_text=DAY
    ).get_by_role("link", name=DAY).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(DAY)
    page.get_by_role("link", name="Skriv protokollet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokoll")
    axe.check(page)
    page.get_by_role("button", name="Påbörja protokollet (upprop)").click()
    expect(page.get_by_role("heading", name="Närvaro")).to_be_visible()


def _upprop_in_one_save(page, axe) -> tuple[Attendance, Attendance]:
    """One ledamot away and an ersättare serving for them, saved at once."""
    minutes = Minutes.objects.get(meeting=_meeting())
    absent = (
        minutes.attendances.filter(role=Attendance.Role.LEDAMOT)
        .exclude(person__user__username="ledamot")
        .select_related("person")
        .order_by("position")
        .first()
    )
    ersattare = (
        minutes.attendances.filter(role=Attendance.Role.ERSATTARE)
        .select_related("person")
        .order_by("position")
        .first()
    )
    assert absent is not None
    assert ersattare is not None
    upprop = page.locator("form.upprop")
    # Members are present and ersättare absent until changed (issue 18.2).
    expect(
        upprop.get_by_label(f"Närvarande: {ersattare.person.full_name}")
    ).not_to_be_checked()
    upprop.get_by_label(f"Närvarande: {absent.person.full_name}").uncheck()
    upprop.get_by_label(f"{ersattare.person.full_name} tjänstgör för").select_option(
        label=absent.person.full_name
    )
    axe.check(page)
    screenshot(page, "secretariat-upprop")
    with page.expect_navigation():
        upprop.get_by_role("button", name="Spara närvaron").click()
    absent.refresh_from_db()
    ersattare.refresh_from_db()
    assert not absent.is_present
    assert ersattare.is_present
    assert ersattare.serving_for_id == absent.person_id
    return absent, ersattare


def _yrkande_added_and_edited(page, axe) -> None:
    page.get_by_role("button", name="Gör paragrafer av dagordningen").click()
    add = page.locator("form").filter(
        has=page.get_by_role("button", name="Lägg till paragraf", exact=True)
    )
    add.get_by_label("Titel").fill("Delårsrapport per mars")
    add.get_by_role("button", name="Lägg till paragraf", exact=True).click()
    paragraph = page.locator("article.paragraph").filter(has_text="Delårsrapport").first
    expect(paragraph).to_be_visible()
    paragraph.get_by_text("Redigera paragrafen").click()
    form = paragraph.locator("fieldset").filter(
        has=page.locator("legend", has_text="Yrkande")
    )
    rolf = Person.objects.get(federation__slug="sjuharad", user__username="ledamot")
    form.get_by_label("Person").select_option(label=rolf.name_with_party)
    form.get_by_label("Text").fill("Bifall till förslaget")
    form.get_by_role("button", name="Lägg till").click()
    paragraph = page.locator("article.paragraph").filter(has_text="Delårsrapport").first
    paragraph.get_by_text("Redigera paragrafen").click()
    row = paragraph.locator("li[id^='yrkande-']").filter(
        has_text="Bifall till förslaget"
    )
    expect(row).to_have_count(1)
    row.get_by_text("Ändra").click()
    row.get_by_role("textbox").fill("Bifall till förslaget med tillägget i yttrandet")
    row.get_by_role("button", name="Spara ändringen").click()
    paragraph = page.locator("article.paragraph").filter(has_text="Delårsrapport").first
    expect(paragraph).to_contain_text("Bifall till förslaget med tillägget i yttrandet")
    texts = list(
        Yrkande.objects.filter(paragraph__minutes__meeting=_meeting()).values_list(
            "text", flat=True
        )
    )
    assert texts == ["Bifall till förslaget med tillägget i yttrandet"]
    axe.check(page)


def _justerare_chosen_and_sent(page, axe) -> None:
    section = page.get_by_role("region", name="Justering", exact=True)
    section.get_by_label("Rolf Rask").check()
    section.get_by_label("Justeringsdatum").fill("2024-05-03")
    section.get_by_label("Justeringsplats").fill("Förbundskansliet, Borås")
    section.get_by_role("button", name="Välj justerare").click()
    chosen = page.locator("#justering-chosen")
    expect(chosen).to_contain_text("Rolf Rask")
    expect(chosen).to_contain_text("Förbundskansliet, Borås, 2024-05-03")
    page.get_by_role("button", name="Avsluta sammanträdet").click()
    section = page.get_by_role("region", name="Justering", exact=True)
    section.get_by_text("Skicka för justering", exact=True).click()
    axe.check(page)
    section.get_by_role("button", name="Skicka för justering nu").click()
    expect(page.get_by_role("heading", name="Ute för justering")).to_be_visible()
    screenshot(page, "secretariat-sent")
    minutes = Minutes.objects.get(meeting=_meeting())
    assert minutes.status == Minutes.Status.SENT
    justerare = minutes.approvals.get(role=Approval.Role.JUSTERARE)
    assert justerare.person.user is not None
    assert justerare.person.user.username == "ledamot"


def _justerare_finds_it_under_att_gora(page, demo_site: str, axe) -> None:
    page.get_by_role("button", name="Logga ut").click()
    login(page, demo_site, "ledamot")
    todo = page.get_by_role("region", name="Att göra", exact=True)
    link = todo.get_by_role("link", name=f"Justera protokollet från Direktionen {DAY}")
    expect(link).to_be_visible()
    axe.check(page)
    screenshot(page, "justerare-att-gora")
    link.click()
    expect(page.get_by_role("heading", name="Din justering")).to_be_visible()
    axe.check(page)


def test_the_secretariat_writes_and_sends_the_protokoll_and_the_justerare_finds_it(
    page, demo_site, axe
):
    problems = watch_console(page)
    meeting = _meeting()
    assert not Minutes.objects.filter(meeting=meeting).exists()  # held, no protokoll
    assert Assignment.objects.filter(
        body=meeting.body, person__user__username="ledamot"
    ).exists()

    _chef_reaches_the_protokoll(page, demo_site, axe)
    _upprop_in_one_save(page, axe)
    _yrkande_added_and_edited(page, axe)
    _justerare_chosen_and_sent(page, axe)
    _justerare_finds_it_under_att_gora(page, demo_site, axe)

    assert problems == []
