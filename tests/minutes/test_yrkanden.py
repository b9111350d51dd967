"""Yrkanden, beslut texts and protokollsanteckningar: changed and removed until the
protokoll is sent for justering, with history; a repeated submit stores one row."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from minutes.models import MinutesNote, Paragraph, Yrkande
from minutes.services import (
    AlreadySaved,
    add_note,
    add_paragraph,
    add_yrkande,
    choose_justerare,
    close_meeting,
    record_open_vote,
    remove_note,
    remove_yrkande,
    send_for_justering,
    update_note,
    update_yrkande,
)
from tests.threads import run_together

SENT = "Protokollet är ute för justering och kan inte ändras nu."


@pytest.fixture
def paragraph(minutes, chef):
    return add_paragraph(minutes, title="Budget 2025", by=chef)


@pytest.fixture
def yrkande(paragraph, people, chef):
    return add_yrkande(paragraph, proposer=people.l1, text="Bifall", by=chef)


def _send(minutes, people, chef):
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)


def _url(minutes, name, pk):
    slug = minutes.meeting.body.federation.slug
    return reverse(f"minutes:{name}", args=[slug, minutes.meeting.pk, pk])


def _detail(minutes):
    slug = minutes.meeting.body.federation.slug
    return reverse("minutes:detail", args=[slug, minutes.meeting.pk])


# --- Services ---------------------------------------------------------------------


def test_a_yrkande_is_changed_with_history_of_who_and_what(
    yrkande, people, chef, handlaggare
):
    update_yrkande(yrkande, proposer=people.l2, text="Avslag", by=handlaggare)

    yrkande.refresh_from_db()
    assert (yrkande.proposer, yrkande.text) == (people.l2, "Avslag")
    history = list(yrkande.history.order_by("history_date"))
    assert [(h.history_type, h.text, h.history_user) for h in history] == [
        ("+", "Bifall", chef),
        ("~", "Avslag", handlaggare),
    ]
    assert history[-1].history_change_reason == "update_yrkande"


def test_a_yrkande_is_removed_and_its_history_kept(yrkande, chef):
    pk = yrkande.pk

    remove_yrkande(yrkande, by=chef)

    assert not Yrkande.objects.filter(pk=pk).exists()
    removed = Yrkande.history.filter(id=pk, history_type="-").get()
    assert (removed.history_user, removed.text) == (chef, "Bifall")


def test_a_yrkande_a_votering_is_on_cannot_be_removed(yrkande, paragraph, people, chef):
    ballots = {p.pk: "ja" for p in (people.ordf, people.l1, people.l2, people.l3)}
    ballots[people.l4.pk] = "nej"
    record_open_vote(paragraph, ballots=ballots, ja_yrkande=yrkande, by=chef)

    with pytest.raises(ValidationError) as error:
        remove_yrkande(yrkande, by=chef)

    assert error.value.messages == [
        "Voteringen gäller det här yrkandet. Registrera voteringen igen utan det "
        "innan du tar bort yrkandet."
    ]
    assert Yrkande.objects.filter(pk=yrkande.pk).exists()


def test_a_yrkande_by_someone_absent_is_refused_on_change(
    yrkande, minutes, people, chef
):
    from minutes.services import set_presence  # noqa: PLC0415 leaf

    set_presence(minutes.attendances.get(person=people.l3), is_present=False, by=chef)

    with pytest.raises(ValidationError):
        update_yrkande(yrkande, proposer=people.l3, text="Bifall", by=chef)

    yrkande.refresh_from_db()
    assert yrkande.proposer == people.l1


def test_a_note_is_changed_and_removed(paragraph, people, chef):
    note = add_note(paragraph, person=people.l2, text="Anteckning", by=chef)

    update_note(note, person=people.l2, text="Rättad anteckning", by=chef)
    note.refresh_from_db()
    text = note.text
    remove_note(note, by=chef)

    assert text == "Rättad anteckning"
    assert not MinutesNote.objects.exists()
    assert [h.history_type for h in MinutesNote.history.order_by("history_date")] == [
        "+",
        "~",
        "-",
    ]


def test_after_sending_nothing_changes(minutes, paragraph, yrkande, people, chef):
    note = add_note(paragraph, person=people.l2, text="Anteckning", by=chef)
    _send(minutes, people, chef)

    attempts = [
        lambda: update_yrkande(yrkande, proposer=people.l1, text="Ny", by=chef),
        lambda: remove_yrkande(yrkande, by=chef),
        lambda: update_note(note, person=people.l2, text="Ny", by=chef),
        lambda: remove_note(note, by=chef),
    ]
    messages = []
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        messages += error.value.messages

    assert messages == [SENT] * 4
    assert Yrkande.objects.get().text == "Bifall"
    assert MinutesNote.objects.get().text == "Anteckning"


def test_the_same_token_makes_one_yrkande_one_note_one_paragraph(
    minutes, paragraph, people, chef
):
    token = uuid.uuid4()
    first = [
        add_yrkande(
            paragraph, proposer=people.l1, text="Bifall", form_token=token, by=chef
        ),
        add_note(paragraph, person=people.l1, text="Not", form_token=token, by=chef),
        add_paragraph(minutes, title="Övrigt", form_token=token, by=chef),
    ]
    again = [
        lambda: add_yrkande(
            paragraph, proposer=people.l1, text="Bifall", form_token=token, by=chef
        ),
        lambda: add_note(
            paragraph, person=people.l1, text="Not", form_token=token, by=chef
        ),
        lambda: add_paragraph(minutes, title="Övrigt", form_token=token, by=chef),
    ]

    rows = []
    for attempt in again:
        with pytest.raises(AlreadySaved) as saved:
            attempt()
        rows.append(saved.value.row)

    assert rows == first
    assert (Yrkande.objects.count(), MinutesNote.objects.count()) == (1, 1)
    assert minutes.paragraphs.count() == 2  # Budget 2025 and Övrigt


def test_a_removed_yrkande_is_not_made_again_by_its_form(paragraph, people, chef):
    token = uuid.uuid4()
    made = add_yrkande(
        paragraph, proposer=people.l1, text="Bifall", form_token=token, by=chef
    )
    pk = made.pk
    remove_yrkande(made, by=chef)

    with pytest.raises(AlreadySaved) as again:
        add_yrkande(
            paragraph, proposer=people.l1, text="Bifall", form_token=token, by=chef
        )

    assert again.value.row.pk == pk
    assert not Yrkande.objects.exists()


def test_two_forms_make_two_yrkanden(paragraph, people, chef):
    for _ in range(2):
        add_yrkande(
            paragraph,
            proposer=people.l1,
            text="Bifall",
            form_token=uuid.uuid4(),
            by=chef,
        )

    assert Yrkande.objects.count() == 2


# --- Views --------------------------------------------------------------------------


def test_a_double_post_of_the_yrkande_form_stores_one_row(
    client, chef, minutes, paragraph, people
):
    client.force_login(chef)
    data = {"person": people.l1.pk, "text": "Bifall", "form_token": str(uuid.uuid4())}
    url = _url(minutes, "yrkande", paragraph.pk)

    first = client.post(url, data)
    second = client.post(url, data)

    assert Yrkande.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"{_detail(minutes)}#p{paragraph.pk}"


def test_a_double_post_of_the_note_and_paragraph_forms_stores_one_row(
    client, chef, minutes, paragraph, people
):
    client.force_login(chef)
    token = str(uuid.uuid4())
    note = {"person": people.l1.pk, "text": "Not", "form_token": token}
    new = {"title": "Övrigt", "form_token": token}
    slug = minutes.meeting.body.federation.slug
    add = reverse("minutes:add_paragraph", args=[slug, minutes.meeting.pk])

    answers = [client.post(_url(minutes, "note", paragraph.pk), note) for _ in "ab"]
    answers += [client.post(add, new) for _ in "ab"]

    assert MinutesNote.objects.count() == 1
    assert list(Paragraph.objects.values_list("title", flat=True)) == [
        "Budget 2025",
        "Övrigt",
    ]
    assert [a.url for a in answers[:2]] == [f"{_detail(minutes)}#p{paragraph.pk}"] * 2
    assert answers[2].url == answers[3].url


def test_each_rendered_form_has_its_own_token(client, chef, minutes, paragraph):
    client.force_login(chef)

    first = client.get(_detail(minutes)).content.decode()
    second = client.get(_detail(minutes)).content.decode()

    def tokens(page):
        return [
            part.split('"')[0] for part in page.split('name="form_token" value="')[1:]
        ]

    assert len(tokens(first)) == 3  # add §, yrkande, note
    assert len(set(tokens(first) + tokens(second))) == 6


def test_change_and_remove_through_the_page(client, chef, minutes, yrkande, people):
    client.force_login(chef)

    page = client.get(_detail(minutes)).content.decode()
    changed = client.post(
        _url(minutes, "edit_yrkande", yrkande.pk),
        {"person": people.l2.pk, "text": "Avslag"},
        follow=True,
    )
    removed = client.post(_url(minutes, "remove_yrkande", yrkande.pk), follow=True)

    assert _url(minutes, "edit_yrkande", yrkande.pk) in page
    assert ">Ändra<" in page
    assert ">Ta bort<" in page
    assert "Yrkandet är ändrat." in changed.content.decode()
    assert "Yrkandet är borttaget." in removed.content.decode()
    assert not Yrkande.objects.exists()
    history = removed.content.decode()
    assert "Yrkande tillagt" in history
    assert "Yrkande ändrat" in history
    assert "Yrkande borttaget" in history


def test_after_sending_the_buttons_are_hidden_and_a_post_refused(
    client, chef, minutes, yrkande, people
):
    _send(minutes, people, chef)
    client.force_login(chef)

    page = client.get(_detail(minutes)).content.decode()
    response = client.post(
        _url(minutes, "edit_yrkande", yrkande.pk),
        {"person": people.l2.pk, "text": "Avslag"},
        follow=True,
    )

    assert _url(minutes, "edit_yrkande", yrkande.pk) not in page
    assert _url(minutes, "remove_yrkande", yrkande.pk) not in page
    assert [str(m) for m in response.context["messages"]] == [SENT]
    assert Yrkande.objects.get().text == "Bifall"


def test_a_yrkande_of_another_meeting_is_404(
    client, chef, minutes, body, people, federation
):
    from minutes.services import start_minutes  # noqa: PLC0415 leaf
    from tests.meetings.factories import MeetingFactory  # noqa: PLC0415 leaf

    other = start_minutes(MeetingFactory(body=body, date="2024-02-02"), by=chef)
    foreign = add_yrkande(
        add_paragraph(other, title="Annat", by=chef),
        proposer=people.l1,
        text="Bifall",
        by=chef,
    )
    client.force_login(chef)

    answers = [
        client.post(_url(minutes, name, foreign.pk), {"text": "x"}).status_code
        for name in ("edit_yrkande", "remove_yrkande", "edit_note", "remove_note")
    ]

    assert answers == [404] * 4
    assert Yrkande.objects.get().text == "Bifall"


# --- A race on PostgreSQL -------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two transactions at once need PostgreSQL; SQLite serialises writes",
)
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_store_one_yrkande(paragraph, people, chef):
    token = uuid.uuid4()

    def submit():
        return add_yrkande(
            paragraph, proposer=people.l1, text="Bifall", form_token=token, by=chef
        )

    results = run_together([submit, submit, submit])

    # One submit stores the row; the others answer "Redan sparat." (AlreadySaved).
    stored = [r for r in results if isinstance(r, Yrkande)]
    repeats = [r for r in results if not isinstance(r, Yrkande)]
    assert len(stored) == 1
    assert all(isinstance(r, AlreadySaved) for r in repeats), repeats
    assert Yrkande.objects.filter(paragraph=paragraph).count() == 1
