"""A sekretess handling's title never reaches those without the right, anywhere.

One demo handling of an ärende on the published Direktion meeting of 2024-03-01 is
marked sekretess under a distinctive title. Every page, PDF and feed that lists
handlingar is then read as chef, ledamot and anonymous.
"""

import io

import pgtrigger
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case, Document
from cases.services import update_document
from federation.models import Person
from meetings.models import Meeting
from meetings.services import add_case_item, issue_calendar_token, publish_kallelse
from minutes.models import Paragraph
from public.models import Subscription
from public.services import confirm_subscription, send_news, subscribe

from .conftest import role_clients

SECRET_TITLE = "Prisbilaga Zeta-7741 med anbudssummor"  # noqa: S105 not a password
OPEN_TITLE = "Avtalsförslag naturbruksutbildning"
READERS = ("chef", "ledamot", "anonymous")


def _reader(response) -> PdfReader:
    content = response.getvalue() if response.streaming else response.content
    return PdfReader(io.BytesIO(content))


def _text(response) -> str:
    """The page's HTML, or a PDF's text with its bookmark titles."""
    content = response.getvalue() if response.streaming else response.content
    if not content.startswith(b"%PDF"):
        return content.decode()
    reader = PdfReader(io.BytesIO(content))
    titles = []

    def walk(outline):
        for entry in outline:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    pages = "\n".join(page.extract_text() for page in reader.pages)
    return "\n".join([*titles, pages])


def test_secret_title_is_shown_to_staff_only_everywhere(demo):
    document = _secret_document(demo)
    case = document.case
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    december = Meeting.objects.get(body__federation=demo, date="2026-12-11")
    chef = Person.objects.get(federation=demo, user__username="chef").user
    add_case_item(december, case=case, by=chef)
    version = publish_kallelse(december, by=chef, late_reason="Test")
    rask = Person.objects.get(federation=demo, user__username="ledamot")
    token = issue_calendar_token(rask).token
    slug = demo.slug
    period = "?since=2024-04-01&until=2024-04-30"
    places = {
        "diarium": reverse("cases:diarium", args=[slug]),
        "diarium search": reverse("cases:diarium", args=[slug]) + "?q=Zeta",
        "case page": reverse("cases:case_detail", args=[slug, case.pk]),
        "meeting page": reverse("meetings:meeting_detail", args=[slug, march.pk]),
        "kallelse PDF": reverse(
            "meetings:kallelse_pdf", args=[slug, december.pk, version.number]
        ),
        "calendar feed": reverse("meetings:calendar_feed", args=[slug, token]),
        "anmälningsärenden": reverse("cases:notification_list", args=[slug]) + period,
        "anmälningsärenden PDF": reverse("cases:notification_list_pdf", args=[slug])
        + period,
        "protokoll": reverse("minutes:public_detail", args=[slug, march.minutes.pk]),
        "protokoll PDF": reverse("minutes:public_pdf", args=[slug, march.minutes.pk]),
        "anslagstavla": reverse("minutes:anslagstavla", args=[slug]),
        "tjänsteskrivelse PDF": reverse("cases:case_pdf", args=[slug, case.pk]),
    }
    clients = role_clients()

    seen = {}
    for place, url in places.items():
        texts = {role: _text(clients[role].get(url)) for role in READERS}
        seen[place] = tuple(SECRET_TITLE in texts[role] for role in READERS)
        if place == "kallelse PDF":
            seen["kallelse PDF has the open bilaga"] = OPEN_TITLE in texts["chef"]
        if place == "anmälningsärenden":
            seen["anmälningsärenden says sekretess"] = (
                "Handling omfattas av sekretess" in texts["ledamot"]
            )

    # (chef, ledamot, anonymous); the kallelse and the public pages are for everyone,
    # so nobody's copy carries the title there.
    assert seen == {
        "diarium": (True, False, False),
        "diarium search": (True, False, False),
        "case page": (True, False, False),
        "meeting page": (True, False, False),
        "kallelse PDF": (False, False, False),
        "kallelse PDF has the open bilaga": True,
        "calendar feed": (False, False, False),
        "anmälningsärenden": (True, False, False),
        "anmälningsärenden says sekretess": True,
        "anmälningsärenden PDF": (True, False, False),
        "protokoll": (False, False, False),
        "protokoll PDF": (False, False, False),
        "anslagstavla": (False, False, False),
        "tjänsteskrivelse PDF": (False, False, False),
    }


def _secret_document(federation) -> Document:
    case = Case.objects.get(
        federation=federation, title__startswith="Samverkansavtal om naturbruk"
    )
    document = Document.objects.get(
        case=case,
        direction=Document.Direction.INCOMING,
        title="Samverkansavtal om naturbruksutbildning",
    )
    return update_document(
        document,
        by=None,
        title=SECRET_TITLE,
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
    )


def test_a_handling_marked_sekretess_later_withdraws_the_served_kallelse(demo):
    _secret_document(demo)
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    url = reverse("meetings:kallelse_pdf", args=[demo.slug, march.pk, 1])
    clients = role_clients()

    as_ledamot = clients["ledamot"].get(url)
    as_chef = clients["chef"].get(url)

    # The stored file was built before the handling became sekretess: it is withdrawn
    # for everyone without the right, and the chef still reads it.
    assert as_ledamot.status_code == 410
    assert as_chef.status_code == 200


# --- The public side (issue 21) ------------------------------------------------------

NON_PUBLIC_WORD = "Xylofonavtalet"  # only in a non-public §
PERSONAL_WORD = "Quintusbrevet"  # only in a handling flagged with personal data


def test_no_hidden_word_reaches_a_public_page_search_feed_or_mail(
    demo, django_capture_on_commit_callbacks
):
    """A word only in a sekretess handling, a non-public § or a handling with
    personal data is found nowhere on the public side, for anyone who is not staff."""

    secret = _secret_document(demo)
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    december = Meeting.objects.get(body__federation=demo, date="2026-12-11")
    chef = Person.objects.get(federation=demo, user__username="chef").user
    paragraphs = list(Paragraph.objects.filter(minutes__meeting=march))
    with pgtrigger.ignore("minutes.Paragraph:protect_justerat"):
        Paragraph.objects.filter(pk=paragraphs[-1].pk).update(
            is_public=False, decision_text=f"Beslut om {NON_PUBLIC_WORD}."
        )
    Document.objects.filter(case=secret.case).exclude(pk=secret.pk).filter(
        is_secret=False
    ).update(title=f"{PERSONAL_WORD} från en boende", contains_personal_data=True)
    subscribe(demo, email="granne@example.se", body=None)
    confirm_subscription(
        demo, Subscription.objects.get(email="granne@example.se").token
    )
    add_case_item(december, case=secret.case, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        publish_kallelse(december, by=chef, late_reason="Test")
    slug = demo.slug
    words = ("Zeta", NON_PUBLIC_WORD, PERSONAL_WORD)
    places = [
        "/",
        reverse("public:front", args=[slug]),
        reverse("public:calendar", args=[slug]),
        reverse("public:calendar_feed", args=[slug]),
        reverse("public:meeting", args=[slug, march.pk]),
        reverse("public:meeting", args=[slug, december.pk]),
        reverse("public:protokoll", args=[slug]),
        reverse("public:diarium", args=[slug]),
        reverse("public:begaran", args=[slug, secret.pk]),
        reverse("public:feed", args=[slug]),
        reverse("minutes:anslagstavla", args=[slug]),
    ]
    # A search page repeats its query in the search field: it must find nothing.
    searches = [
        reverse(name, args=[slug]) + f"?q={w}"
        for name in ("public:search", "public:diarium")
        for w in words
    ]
    clients = role_clients()
    readers = ("ledamot", "outsider", "anonymous")

    found = {
        (place, role, word)
        for place in places
        for role in readers
        for word in words
        if word in _text(clients[role].get(place))
    } | {
        (place, role)
        for place in searches
        for role in readers
        if "Inget hittades." not in _text(clients[role].get(place))
    }
    mail.outbox.clear()
    send_news()
    mailed = [w for m in mail.outbox for w in words if w in m.body]
    # The positive control: the public word of the same ärende is found.
    search = clients["anonymous"].get(
        reverse("public:search", args=[slug]) + "?q=naturbruksutbildning"
    )

    assert found == set()
    assert mailed == []
    assert len(mail.outbox) == 1
    assert "naturbruk" in _text(search).lower()


NOTE_WORD = "Vibrafonfrågan"  # only in a protokollsanteckning of a non-public §
PERSONAL_NOTE_WORD = "Marimbaminnet"  # only in a ledamot's personal note
HIDDEN_ITEM_WORD = "Kastanjettaffären"  # only in an item not marked public
CONTACT = ("zeta.kontakt@example.se", "0701-774177")  # a person's private contact


def test_no_hidden_word_reaches_oparl(demo):
    """OParl (oparl) carries nothing the public portal does not show: every answer
    reachable from /oparl/ by its links, and every list's deleted objects, read
    as anonymous and as chef."""
    from meetings.models import AgendaItem  # noqa: PLC0415 leaf
    from minutes.models import MinutesNote, Paragraph  # noqa: PLC0415 leaf
    from notes.services import write_note  # noqa: PLC0415 leaf
    from tests.oparl.crawl import ROOT, crawl  # noqa: PLC0415 leaf

    secret = _secret_document(demo)
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    paragraph = Paragraph.objects.filter(
        minutes__meeting=march, agenda_item__case__isnull=False
    ).last()
    assert paragraph is not None
    with pgtrigger.ignore("minutes.Paragraph:protect_justerat"):
        Paragraph.objects.filter(pk=paragraph.pk).update(
            is_public=False, decision_text=f"Beslut om {NON_PUBLIC_WORD}."
        )
    rask = Person.objects.get(federation=demo, user__username="ledamot")
    MinutesNote.objects.create(paragraph=paragraph, person=rask, text=NOTE_WORD)
    Document.objects.filter(case=secret.case, is_secret=False).exclude(file="").update(
        title=f"{PERSONAL_WORD} från en boende", contains_personal_data=True
    )
    items = march.items.filter(case__isnull=False).order_by("position")
    write_note(items[0], by=rask.user, text=f"Fråga om {PERSONAL_NOTE_WORD}")
    hidden = items.last()
    assert hidden is not None
    AgendaItem.objects.filter(pk=hidden.pk).update(
        is_public=False, title=f"{HIDDEN_ITEM_WORD} (ej offentlig)"
    )
    Person.objects.filter(pk=rask.pk).update(email=CONTACT[0], phone=CONTACT[1])
    words = (
        "Zeta",
        NON_PUBLIC_WORD,
        PERSONAL_WORD,
        NOTE_WORD,
        PERSONAL_NOTE_WORD,
        HIDDEN_ITEM_WORD,
        *CONTACT,
    )
    clients = role_clients()

    found, read = set(), {}
    for role in ("chef", "anonymous"):
        answers = crawl(clients[role])  # every URL reached answered 200
        # A link leads to a live public object, never to a stub of a hidden one.
        assert [u for u, data in answers.items() if data.get("deleted")] == []
        body = answers[ROOT + f"body/{demo.slug}/"]
        for key in ("person", "meeting", "paper", "agendaItem", "file", "membership"):
            url = body[key].removeprefix("http://testserver")
            answers[f"{url} synced"] = (
                clients[role]
                .get(url, {"modified_since": "2000-01-01T00:00:00+00:00"})
                .json()
            )
        text = "\n".join(str(data) for data in answers.values())
        found |= {(role, word) for word in words if word in text}
        read[role] = (len(answers), text)

    # Nothing hidden, for the chef either: OParl is the public's.
    assert found == set()
    # The positive control: the crawl read the meeting, its ersättare and handlingar.
    assert read["anonymous"][0] > 50
    assert "Rolf" in read["anonymous"][1]
    assert "'deleted': True" in read["anonymous"][1]  # the withdrawn handlingar
    assert "Naturbruk" in read["anonymous"][1] or "naturbruk" in read["anonymous"][1]
    assert secret.title not in read["anonymous"][1]


def test_a_personal_note_is_read_by_its_author_only_everywhere(demo):
    """The demo ledamot's notes (notes.demo) on every page, search, export and feed
    that shows the meeting, its ärende or its handling, read by everyone else: the
    Administratör, the handläggare, the ekonom, the ordförande (another ledamot of
    the body) and anonymous. The meeting page is read by the author first, so the
    others get the cached part."""
    from django.contrib.auth.models import User  # noqa: PLC0415 leaf
    from django.test import Client  # noqa: PLC0415 leaf

    from notes.demo import DEMO_NOTE_TEXT, DEMO_PAGE_NOTE_TEXT  # noqa: PLC0415 leaf
    from notes.models import PersonalNote  # noqa: PLC0415 leaf

    note = (
        PersonalNote.objects.filter(author__username="ledamot", document__isnull=False)
        .select_related("agenda_item__meeting")
        .get()
    )
    meeting, item, document = note.agenda_item.meeting, note.agenda_item, note.document
    slug = demo.slug
    rask = Person.objects.get(federation=demo, user__username="ledamot")
    places = {
        "meeting page": reverse("meetings:meeting_detail", args=[slug, meeting.pk]),
        "document page": reverse(
            "meetings:document_page", args=[slug, meeting.pk, document.pk]
        ),
        "item notes": reverse("notes:item", args=[slug, meeting.pk, item.pk]),
        "document notes": reverse(
            "notes:document", args=[slug, meeting.pk, document.pk]
        ),
        "my notes": reverse("notes:mine", args=[slug]),
        "export": reverse("notes:export", args=[slug, "csv"]),
        "text export": reverse("notes:export", args=[slug, "txt"]),
        "diarium search": reverse("cases:diarium", args=[slug]) + "?q=indexklausul",
        "case page": reverse("cases:case_detail", args=[slug, item.case_id]),
        "protokoll": reverse("minutes:detail", args=[slug, meeting.pk]),
        "calendar feed": reverse(
            "meetings:calendar_feed", args=[slug, issue_calendar_token(rask).token]
        ),
        "arvodesunderlag": reverse("arvode:index", args=[slug]) + "?month=2024-03",
        "admin": "/admin/",
    }
    clients = role_clients()
    ordforande = Client()
    ordforande.force_login(User.objects.get(username="ordforande"))
    readers = {
        "chef": clients["chef"],
        "handlaggare": clients["handlaggare"],
        "ekonom": clients["ekonom"],
        "ordforande": ordforande,
        "anonymous": clients["anonymous"],
    }

    def shown(client: Client, url: str) -> bool:
        text = "\n".join(
            _text(client.get(url, headers=headers))
            for headers in ({}, {"HX-Request": "true"})
        )
        return DEMO_NOTE_TEXT in text or DEMO_PAGE_NOTE_TEXT in text

    by_author = {place: shown(clients["ledamot"], url) for place, url in places.items()}
    leaks = [
        f"{reader} {place}"
        for reader, client in readers.items()
        for place, url in places.items()
        if shown(client, url)
    ]

    assert leaks == []
    # The positive control: the author reads them on the notes' own addresses only.
    assert {place for place, seen in by_author.items() if seen} == {
        "item notes",
        "document notes",
        "my notes",
        "export",
        "text export",
    }
