"""A form that adds a yrkande, protokollsanteckning or § carries a token: the same
token with the same content is "Redan sparat." and stores nothing more; the same token
with other content, or no token, is refused with "reload the page" and stores
nothing; a new row is never dropped behind "Sparat."."""

import uuid

import pytest
from django.urls import reverse

from minutes.models import MinutesNote, Paragraph, Yrkande
from minutes.services import add_paragraph

RELOAD = (
    "Formuläret är redan skickat med annat innehåll, eller så är det inaktuellt. "
    "Inget är sparat: ladda om sidan och lägg till igen."
)


@pytest.fixture
def paragraph(minutes, chef):
    return add_paragraph(minutes, title="Budget 2025", by=chef)


def _url(minutes, name, *args):
    slug = minutes.meeting.body.federation.slug
    return reverse(f"minutes:{name}", args=[slug, minutes.meeting.pk, *args])


def _said(response):
    return [str(m) for m in response.context["messages"]]


def test_the_same_token_with_other_content_is_refused_not_dropped(
    client, chef, minutes, paragraph, people
):
    client.force_login(chef)
    token = str(uuid.uuid4())
    url = _url(minutes, "yrkande", paragraph.pk)

    first = client.post(
        url,
        {"person": people.l1.pk, "text": "Bifall", "form_token": token},
        follow=True,
    )
    other = client.post(
        url,
        {"person": people.l2.pk, "text": "Avslag", "form_token": token},
        follow=True,
    )

    assert _said(first) == ["Sparat."]
    assert _said(other) == [RELOAD]
    assert list(Yrkande.objects.values_list("text", flat=True)) == ["Bifall"]


def test_the_same_token_and_content_is_already_saved(
    client, chef, minutes, paragraph, people
):
    client.force_login(chef)
    token = str(uuid.uuid4())
    note = {"person": people.l1.pk, "text": "Not", "form_token": token}
    yrkande = {"person": people.l1.pk, "text": "Bifall", "form_token": token}
    new = {"title": "Övrigt", "form_token": token}

    said = []
    for name, data, args in (
        ("note", note, [paragraph.pk]),
        ("yrkande", yrkande, [paragraph.pk]),
        ("add_paragraph", new, []),
    ):
        for _ in "ab":
            said.append(
                _said(client.post(_url(minutes, name, *args), data, follow=True))
            )

    assert said == [
        ["Sparat."],
        ["Redan sparat."],
        ["Sparat."],
        ["Redan sparat."],
        ["Paragrafen är tillagd."],
        ["Redan sparat."],
    ]
    assert (Yrkande.objects.count(), MinutesNote.objects.count()) == (1, 1)
    assert Paragraph.objects.count() == 2


def test_other_note_and_paragraph_under_a_used_token_are_refused(
    client, chef, minutes, paragraph, people
):
    client.force_login(chef)
    token = str(uuid.uuid4())
    note_url = _url(minutes, "note", paragraph.pk)
    add = _url(minutes, "add_paragraph")

    note = {"person": people.l1.pk, "text": "Not", "form_token": token}
    client.post(note_url, note, follow=True)
    client.post(add, {"title": "Övrigt", "form_token": token}, follow=True)
    other_note = client.post(
        note_url,
        {"person": people.l1.pk, "text": "Annan", "form_token": token},
        follow=True,
    )
    other_paragraph = client.post(
        add, {"title": "Val", "form_token": token}, follow=True
    )

    assert _said(other_note) == _said(other_paragraph) == [RELOAD]
    assert list(MinutesNote.objects.values_list("text", flat=True)) == ["Not"]
    assert sorted(Paragraph.objects.values_list("title", flat=True)) == [
        "Budget 2025",
        "Övrigt",
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("yrkande", {"text": "Bifall"}),
        ("note", {"text": "Not"}),
        ("add_paragraph", {"title": "Övrigt"}),
    ],
)
def test_a_form_without_its_token_is_refused(
    client, chef, minutes, paragraph, people, name, data
):
    client.force_login(chef)
    args = [] if name == "add_paragraph" else [paragraph.pk]
    if name != "add_paragraph":
        data = {**data, "person": people.l1.pk}

    response = client.post(_url(minutes, name, *args), data, follow=True)

    assert _said(response) == [RELOAD]
    assert (Yrkande.objects.count(), MinutesNote.objects.count()) == (0, 0)
    assert Paragraph.objects.count() == 1
