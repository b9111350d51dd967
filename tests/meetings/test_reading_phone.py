"""Phone-first reading (issue 19.3): the tjänsteskrivelse as text on the meeting page,
the document page, Oläst per reader outside the cached page, and the landing page of
a förtroendevald."""

import datetime
import io

import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document
from cases.services import register_document, update_document
from federation.models import Assignment
from federation.roles import Role
from meetings.services import add_case_item, publish_kallelse
from tests.cases.factories import CaseFactory
from tests.factories import (
    AssignmentFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db
D = datetime.date
BADGE = 'class="badge badge--unread"'


def _url(name, *args):
    return reverse(f"meetings:{name}", args=["testforbund", *args])


def text_pdf(text: str) -> bytes:
    """A one-page PDF whose page says `text` in Helvetica."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(500, 700))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
        )
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 600 Td ({text}) Tj ET".encode())
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _document(case, chef, title, *, text="Kalkylen visar ett overskott", **kw):
    return register_document(
        case.federation,
        uploaded_file=SimpleUploadedFile("k.pdf", text_pdf(text)),
        title=title,
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.DRAWN_UP,
        date=D(2024, 2, 16),
        case=case,
        by=chef,
        **kw,
    )


@pytest.fixture
def case(federation, chef):
    case = CaseFactory(
        federation=federation,
        title="Ny brandstation",
        description="Stationen i Ulricehamn är för liten.\n\nEtt nytt läge föreslås.",
        child_impact="Barn berörs inte direkt.",
        basis_other="Karta över tomten",
        recipients_external="Länsstyrelsen",
    )
    case.recipient_members.add(MemberFactory(federation=federation, name="Ulricehamn"))
    return case


@pytest.fixture
def bilaga(case, chef):
    return _document(case, chef, "Kostnadskalkyl")


@pytest.fixture
def published(meeting, chef, case, bilaga, django_capture_on_commit_callbacks):
    case.basis_documents.add(bilaga)
    add_case_item(meeting, case=case, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    return meeting


def test_the_meeting_page_shows_the_tjansteskrivelse_sections(
    client, ledamot, ledamot_person, published
):
    client.force_login(ledamot)

    html = client.get(_url("meeting_detail", published.pk)).content.decode()

    assert "Läs tjänsteskrivelsen" in html
    for text in (
        "Ärendebeskrivning",
        "Stationen i Ulricehamn är för liten.",
        "Ett nytt läge föreslås.",
        "Barnkonsekvensanalys",
        "Barn berörs inte direkt.",
        "Beslutsunderlag",
        "Kostnadskalkyl",
        "Karta över tomten",
        "Expedieras till",
        "Länsstyrelsen",
    ):
        assert text in html, text
    assert html.count("Ulricehamn</li>") == 1


def test_a_secret_beslutsunderlag_is_listed_to_staff_only(
    client, ledamot, ledamot_person, published, case, chef
):
    secret = _document(
        case,
        chef,
        "Hemlig anbudssammanställning",
        is_secret=True,
        osl_reference="19 kap. 3 § OSL",
    )
    case.basis_documents.add(secret)
    client.force_login(ledamot)
    for_ledamot = client.get(_url("meeting_detail", published.pk)).content.decode()
    client.force_login(chef)
    for_chef = client.get(_url("meeting_detail", published.pk)).content.decode()

    assert "Hemlig anbudssammanställning" not in for_ledamot
    assert "Hemlig anbudssammanställning" in for_chef


# --- The document page ---


def test_the_document_page_has_the_header_a_way_back_the_pdf_and_its_text(
    client, ledamot, ledamot_person, published, bilaga, federation
):
    client.force_login(ledamot)

    response = client.get(_url("document_page", published.pk, bilaga.pk))
    pdf = client.get(_url("meeting_document", published.pk, bilaga.pk))

    html = response.content.decode()
    item = published.items.get(case=bilaga.case)
    assert response.status_code == 200
    assert f'<span class="brand__federation">{federation.name}</span>' in html
    back = _url("meeting_detail", published.pk) + f"#item-{item.pk}"
    assert f'class="back-link" href="{back}"' in html
    assert f'src="{_url("meeting_document", published.pk, bilaga.pk)}"' in html
    assert "Kalkylen visar ett overskott" in html
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"  # the page's own frame only
    assert response["X-Frame-Options"] == "DENY"


def test_the_meeting_page_links_its_handlingar_to_the_document_page(
    client, ledamot, ledamot_person, published, bilaga
):
    client.force_login(ledamot)

    html = client.get(_url("meeting_detail", published.pk)).content.decode()

    assert f'href="{_url("document_page", published.pk, bilaga.pk)}"' in html


def test_a_secret_documents_page_and_text_are_404_to_the_ledamot(
    client, ledamot, ledamot_person, published, case, chef
):
    secret = _document(
        case,
        chef,
        "Hemlig offert",
        text="Anbudet ar 4 miljoner",
        is_secret=True,
        osl_reference="19 kap. 3 § OSL",
    )
    client.force_login(chef)
    staff = client.get(_url("document_page", published.pk, secret.pk))
    client.force_login(ledamot)

    response = client.get(_url("document_page", published.pk, secret.pk))

    assert "Anbudet ar 4 miljoner" in staff.content.decode()  # text cached now
    assert response.status_code == 404
    assert "Anbudet" not in response.content.decode()


def test_a_document_of_another_meeting_or_federation_is_404(
    client, ledamot, ledamot_person, published, chef, federation, other_federation
):
    elsewhere = CaseFactory(federation=other_federation)
    foreign = _document(elsewhere, chef, "Annat förbunds handling")
    loose = _document(CaseFactory(federation=federation), chef, "Inte på dagordningen")
    client.force_login(ledamot)

    for document in (foreign, loose):
        response = client.get(_url("document_page", published.pk, document.pk))
        assert response.status_code == 404


def test_a_pdf_without_text_says_so(
    client, ledamot, ledamot_person, published, case, chef
):
    from tests.meetings.conftest import make_pdf  # noqa: PLC0415 leaf

    scanned = register_document(
        case.federation,
        uploaded_file=SimpleUploadedFile("scan.pdf", make_pdf(1)),
        title="Inskannad skrivelse",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.INCOMING,
        date=D(2024, 2, 16),
        case=case,
        by=chef,
    )
    client.force_login(ledamot)

    html = client.get(_url("document_page", published.pk, scanned.pk)).content.decode()

    assert "PDF-filen har ingen text att visa här" in html


# --- Oläst ---


def _other_ledamot(federation, body, username="eva"):
    user = UserFactory(username=username)
    grant(user, federation, Role.FORTROENDEVALD)
    AssignmentFactory(
        body=body,
        person=PersonFactory(federation=federation, user=user),
        role=Assignment.Role.LEDAMOT,
        valid_from=D(2023, 1, 1),
    )
    return user


def test_everything_is_unread_the_first_time_and_nothing_the_second(
    client, ledamot, ledamot_person, published, bilaga
):
    client.force_login(ledamot)

    first = client.get(_url("meeting_detail", published.pk)).content.decode()
    second = client.get(_url("meeting_detail", published.pk)).content.decode()

    item = published.items.get(case=bilaga.case)
    assert f'<span data-unread="i{item.pk}" {BADGE}>Oläst</span>' in first
    assert f'<span data-unread="d{bilaga.pk}" {BADGE}>Oläst</span>' in first
    assert BADGE not in second


def test_a_changed_handling_is_unread_for_the_reader_who_opened_before_only(
    client, ledamot, ledamot_person, published, bilaga, body, federation, chef
):
    other = _other_ledamot(federation, body)
    client.force_login(ledamot)
    client.get(_url("meeting_detail", published.pk))
    client.force_login(other)
    client.get(_url("meeting_detail", published.pk))
    upprop = published.items.exclude(case=bilaga.case).first()

    update_document(bilaga, by=chef, title="Reviderad kostnadskalkyl")
    client.force_login(ledamot)
    before_change_reader = client.get(_url("meeting_detail", published.pk))
    client.force_login(other)
    # The other reader opened it just after the change.
    other.read_marks.update(
        opened_at=bilaga.history.latest().history_date + datetime.timedelta(seconds=1)
    )
    after_change_reader = client.get(_url("meeting_detail", published.pk))

    item = published.items.get(case=bilaga.case)
    mine = before_change_reader.content.decode()
    theirs = after_change_reader.content.decode()
    assert f'<span data-unread="d{bilaga.pk}" {BADGE}>' in mine
    assert f'<span data-unread="i{item.pk}" {BADGE}>' in mine
    assert f'<span data-unread="i{upprop.pk}"></span>' in mine
    assert "Reviderad kostnadskalkyl" in theirs  # the same fresh page…
    assert BADGE not in theirs  # …without the first reader's marks


def test_the_marks_are_never_stored_in_the_cached_page(
    client, ledamot, ledamot_person, published, body, federation
):
    other = _other_ledamot(federation, body)
    client.force_login(other)
    client.get(_url("meeting_detail", published.pk))  # other's first opening
    client.force_login(ledamot)
    first = client.get(_url("meeting_detail", published.pk)).content.decode()
    client.force_login(other)

    second = client.get(_url("meeting_detail", published.pk)).content.decode()

    assert BADGE in first
    assert BADGE not in second
    assert "data-unread" in second  # the same cached part, its markers empty


def test_a_marker_the_page_does_not_have_is_never_added(
    client, ledamot, ledamot_person, published, case, chef
):
    secret = _document(
        case, chef, "Hemlig offert", is_secret=True, osl_reference="19 kap. 3 § OSL"
    )
    client.force_login(ledamot)
    cache.clear()

    html = client.get(_url("meeting_detail", published.pk)).content.decode()

    assert f"d{secret.pk}" not in html


# --- Landing after login ---


def test_staff_and_a_fortroendevald_of_two_forbund_do_not(
    client, ledamot, chef, federation, other_federation
):
    grant(chef, federation, Role.FORTROENDEVALD)
    client.force_login(chef)
    staff = client.get(reverse("home"))
    grant(ledamot, other_federation, Role.FORTROENDEVALD)
    client.force_login(ledamot)
    two = client.get(reverse("home"))

    assert staff.url == reverse("federation:dashboard", args=["testforbund"])
    assert two.status_code == 200
