"""The protokoll as Swedish protokoll look (issue 18.2, 18.3, 18.6): the first page
with its headings, the footer boxes on every page, the anslagsbevis, the utdrag's
certification on one page, the justering's place and date printed, the chosen
justerare on the page, a confirmation before the justering's steps."""

import datetime
import io
import re

import pypdf
import pytest
from django.urls import reverse

from minutes.frozen import build_extract_pdf, build_protokoll_pdf
from minutes.models import Approval, Minutes, ProtokollVersion
from minutes.pdf import render_extract, render_protokoll
from minutes.services import (
    add_paragraph,
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    record_decision,
    set_presence,
    set_serving,
)
from minutes.services import send_for_justering as send
from tests.factories import UserFactory

from .conftest import attendance

FRIDAY = datetime.date(2024, 3, 8)
FIRST_PAGE = (
    "Plats och tid",
    "Beslutande",
    "Övriga närvarande",
    "Utses att justera",
    "Justeringens plats och tid",
    "Underskrifter",
    "Sekreterare",
    "Ordförande",
    "Justerande",
)
ANSLAGSBEVIS = (
    "ANSLAGSBEVIS",
    "Organ Direktionen",
    "Sammanträdesdatum 2024-03-01",
    "Datum då anslaget sätts upp",
    "Datum då anslaget tas ned",
    "Förvaringsplats för protokollet",
    "Underskrift",
)
FOOTER = ("Justerandes signatur", "Utdragsbestyrkande")


def _pages(content: bytes) -> list[str]:
    """The text of each page, its white space made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _lines(content: bytes) -> list[list[tuple[str, float]]]:
    """Per page, each piece of text with its height on the page (PDF points from
    the bottom edge)."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        found: list[tuple[str, float]] = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                x, y = tm[4], tm[5]
                found.append((text.strip(), cm[1] * x + cm[3] * y + cm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def _called_in(minutes, people, chef) -> Minutes:
    """Lars Två away and Emma Tre serving for him, Eva Ett present as ersättare,
    two officials, the justering planned at the kansli."""
    set_presence(attendance(minutes, people.l2), is_present=False, by=chef)
    set_presence(attendance(minutes, people.e1), is_present=True, by=chef)
    set_serving(attendance(minutes, people.e3), serving_for=people.l2, by=chef)
    minutes.others_present = "Anna Andersson, förbundsdirektör\nBo Berg, ekonom"
    minutes.save()
    paragraphs = add_paragraphs_from_agenda(minutes, by=chef)
    for number in range(4, 13):
        paragraphs.append(add_paragraph(minutes, title=f"Ärende {number}", by=chef))
    for paragraph in paragraphs:
        record_decision(
            paragraph,
            decision_text="\n\n".join(f"Att-sats {i} i beslutet." for i in range(6)),
            outcome="decided",
            by=chef,
        )
    choose_justerare(
        minutes,
        persons=[people.l1],
        planned_on=FRIDAY,
        place="Förbundskansliet",
        by=chef,
    )
    return Minutes.objects.get(pk=minutes.pk)


def _justerat(minutes, people, chef, capture) -> Minutes:
    close_meeting(minutes, by=chef)
    with capture(execute=True):
        send(minutes, by=chef)
    people.ordf.user = UserFactory(username="ordf")
    people.ordf.save()
    with capture(execute=True):
        approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
        approve_minutes(minutes, user=people.ordf.user, today=FRIDAY)
    return Minutes.objects.get(pk=minutes.pk)


def test_the_first_page_has_every_heading_and_each_page_the_footer(
    minutes, people, chef
):
    minutes = _called_in(minutes, people, chef)

    pages = _pages(render_protokoll(minutes, public=False))

    first = pages[0]
    assert len(pages) >= 3
    for heading in FIRST_PAGE:
        assert heading in first, heading
    assert "kl. 09.00–12.00" in first
    assert "Emma Tre (S), tjänstgörande ersättare för Lars Två" in first
    assert "Ersättare Eva Ett (S)" in first
    assert "Tjänstepersoner Anna Andersson, förbundsdirektör Bo Berg, ekonom" in first
    assert "Frånvarande ledamöter Lars Två (S)" in first
    assert "Utses att justera Lisa Ett (S)" in first
    assert "Justeringens plats och tid Förbundskansliet, 2024-03-08" in first
    assert "Paragrafer 1–12" in first
    assert "§ 1 " not in first  # the §§ begin on a page of their own
    before = " ".join(pages).split("§ 1 ")[0]
    for heading in ANSLAGSBEVIS:
        assert heading in before, heading
    for number, text in enumerate(pages, start=1):
        for label in FOOTER:
            assert label in text, (number, label)
        assert f"Sida {number} av {len(pages)}" in text


def test_the_justering_date_and_place_reach_the_justerat_protokoll(
    minutes, people, chef, django_capture_on_commit_callbacks
):
    minutes = _justerat(
        _called_in(minutes, people, chef),
        people,
        chef,
        django_capture_on_commit_callbacks,
    )
    version = minutes.versions.get(kind=ProtokollVersion.Kind.INTERNAL)

    pages = _pages(version.file.open("rb").read())
    before = " ".join(pages).split("§ 1 ")[0]  # the first page and the anslagsbevis

    assert "Justeringens plats och tid Förbundskansliet, 2024-03-08" in pages[0]
    assert "Justerande Lisa Ett – justerat elektroniskt" in pages[0]
    assert "Protokollet är justerat." in before
    assert "Datum då anslaget sätts upp 2024-03-08" in before
    assert "Datum då anslaget tas ned 2024-04-02" in before


def test_a_renamed_person_leaves_the_justerat_first_page_as_it_was(
    minutes, people, chef, django_capture_on_commit_callbacks
):
    minutes = _justerat(
        _called_in(minutes, people, chef),
        people,
        chef,
        django_capture_on_commit_callbacks,
    )
    version = minutes.versions.get(kind=ProtokollVersion.Kind.INTERNAL)
    stored = _pages(version.file.open("rb").read())[0]
    for person, name in (
        (people.l1, "Förnyad"),
        (people.e3, "Bytt"),
        (people.e1, "Ny"),
    ):
        person.first_name = name
        person.save()
    minutes.meeting.place = "Annan lokal"
    minutes.meeting.save()

    again = _pages(build_protokoll_pdf(version))[0]
    draft_like = _pages(render_protokoll(minutes, public=False))[0]

    assert again == stored
    assert "Utses att justera Lisa Ett (S)" in again
    assert "Emma Tre (S), tjänstgörande ersättare för Lars Två" in again
    assert "Lilla Navet" in again
    assert "Förnyad" not in again
    # The register did change: rendered from it now, the first page would differ.
    assert "Utses att justera Förnyad Ett (S)" in draft_like


def test_a_snapshot_from_before_the_first_page_is_still_printed(
    minutes, people, chef, django_capture_on_commit_callbacks
):
    minutes = _justerat(
        _called_in(minutes, people, chef),
        people,
        chef,
        django_capture_on_commit_callbacks,
    )
    version = minutes.versions.get(kind=ProtokollVersion.Kind.INTERNAL)
    old = dict(version.snapshot)
    del old["first_page_html"]
    version.snapshot = old  # not saved: the frozen row refuses a change
    extract = minutes.paragraphs.get(number=2).extracts.get()
    extract.snapshot = {
        key: value for key, value in extract.snapshot.items() if key != "federation"
    }

    text = " ".join(_pages(build_protokoll_pdf(version)))
    utdrag = " ".join(_pages(build_extract_pdf(extract)))

    assert "Närvarande Beslutande" in text  # the layout of its time
    assert "§ 12 Ärende 12" in text
    assert "Justerande Lisa Ett – justerat elektroniskt" in text
    assert "Protokollsutdrag – Direktionen" in utdrag
    assert "Rätt utdraget intygar" in utdrag


@pytest.mark.parametrize("paragraphs", [2, 3, 4, 29, 30, 31])
def test_the_utdrag_keeps_its_certification_on_one_page(
    minutes, people, chef, paragraphs
):
    """The decision's length moves the certification over the page break (without
    break-inside: avoid it splits at 3, 4, 30 and 31 paragraphs)."""
    minutes.secretary = people.l3
    minutes.save()
    paragraph = add_paragraph(minutes, title="Lång", by=chef)
    record_decision(
        paragraph,
        decision_text="\n\n".join(
            f"Stycke {i} om förbundets verksamhet." for i in range(paragraphs)
        ),
        outcome="decided",
        by=chef,
    )

    pages = _lines(render_extract(paragraph))

    def where(label: str) -> list[tuple[int, float]]:
        return [
            (number, y)
            for number, found in enumerate(pages)
            for text, y in found
            if text.startswith(label)
        ]

    (intro,) = where("Rätt utdraget intygar")
    (name,) = where("Namnförtydligande")
    headings = [hit for hit in where("Utdragsbestyrkande") if hit[0] == intro[0]]
    footer = min(y for _number, y in headings)
    heading = max(headings, key=lambda hit: hit[1])
    assert intro[0] == name[0] == heading[0]
    assert heading[1] > intro[1] > name[1] > footer


def _detail(federation, minutes) -> str:
    return reverse("minutes:detail", args=[federation.slug, minutes.meeting_id])


def test_the_chosen_justerare_and_the_date_field_are_shown(
    client, chef, federation, minutes, people
):
    client.force_login(chef)
    url = reverse(
        "minutes:choose_justerare", args=[federation.slug, minutes.meeting_id]
    )

    client.post(
        url,
        {"persons": [people.l1.pk], "planned_on": "2024-03-08", "place": "Kansliet"},
    )
    page = client.get(_detail(federation, minutes)).content.decode()

    chosen = re.search(
        r'<dl class="facts" id="justering-chosen">(.*?)</dl>', page, re.S
    )
    assert chosen is not None
    text = re.sub(r"<[^>]+>", " ", chosen.group(1))
    text = " ".join(text.split())
    assert "Utses att justera Lisa Ett (S)" in text
    assert "Ordförande Olle Ordf" in text
    assert "Justeringens plats och tid Kansliet, 2024-03-08" in text
    assert re.search(r'<input type="date" name="planned_on" value="2024-03-08"', page)
    assert 'name="place" value="Kansliet"' in page


def _confirm(page: str, action: str) -> str:
    """The form posting to `action`, which must hold the confirmation step."""
    form = re.search(
        rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', page, re.S
    )
    assert form is not None, action
    assert '<details class="confirm">' in form.group(1)
    return form.group(1)


def test_sending_for_justering_is_confirmed_and_done_by_one_post(
    client, chef, federation, minutes, people
):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    client.force_login(chef)
    action = reverse(
        "minutes:send_for_justering", args=[federation.slug, minutes.meeting_id]
    )

    form = _confirm(client.get(_detail(federation, minutes)).content.decode(), action)
    response = client.post(action)

    assert "justerarna och ordföranden ombeds per e-post" in form
    assert "Skicka för justering nu" in form
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SENT
    again = client.get(_detail(federation, minutes)).content.decode()
    assert "ombeds justera igen" in _confirm(again, action)


def test_the_justering_is_confirmed_and_done_by_one_post(
    client,
    ledamot,
    federation,
    minutes,
    people,
    chef,
    django_capture_on_commit_callbacks,
):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        send(minutes, by=chef)
    client.force_login(ledamot)
    action = reverse("minutes:approve", args=[federation.slug, minutes.meeting_id])

    form = _confirm(client.get(_detail(federation, minutes)).content.decode(), action)
    underlag = minutes.underlag.get()
    client.post(action, {"password": "demo", "shown_sha256": underlag.sha256})

    assert "Justera protokollet" in form
    assert "kan inte tas tillbaka" in form
    assert "Jag justerar protokollet" in form
    approval = minutes.approvals.get(person=people.l1, role=Approval.Role.JUSTERARE)
    assert approval.approved_at is not None
