"""The pages the kallade read: Mina sammanträden, the meeting page and its handlingar,
the kallelse PDF, and calendar feeds."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from cases.models import Document
from cases.services import register_document, update_document
from federation.models import Assignment
from federation.roles import Role
from meetings.models import CalendarToken, ItemKind
from meetings.services import (
    add_case_item,
    add_free_item,
    create_meeting,
    issue_calendar_token,
    publish_kallelse,
    revoke_calendar_token,
)
from tests.cases.factories import CaseFactory
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    PersonFactory,
    UserFactory,
    grant,
)
from tests.meetings.conftest import make_pdf

D = datetime.date


def _url(name, *args):
    return reverse(f"meetings:{name}", args=["testforbund", *args])


@pytest.fixture
def published(meeting, chef, case_with_bilaga, django_capture_on_commit_callbacks):
    add_case_item(meeting, case=case_with_bilaga, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    meeting.refresh_from_db()
    return meeting


def test_ledamot_sees_the_meeting_under_my_meetings(
    client, ledamot, ledamot_person, published, body, chef
):
    other_body = BodyFactory(federation=body.federation)
    create_meeting(other_body, date=D(2024, 3, 8), starts_at=datetime.time(9), by=chef)
    client.force_login(ledamot)

    response = client.get(_url("my_meetings"))

    assert response.status_code == 200
    assert [m.pk for m in response.context["past"]] == [published.pk]
    assert response.context["coming"] == []


def test_ledamot_opens_a_bilaga_of_the_meeting(
    client, ledamot, ledamot_person, published, case_with_bilaga
):
    client.force_login(ledamot)
    document = case_with_bilaga.documents.get(kind=Document.Kind.BILAGA)

    page = client.get(_url("meeting_detail", published.pk))
    response = client.get(_url("meeting_document", published.pk, document.pk))

    assert page.status_code == 200
    assert _url("meeting_document", published.pk, document.pk) in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_secret_document_is_hidden_from_the_ledamot(
    client, ledamot, ledamot_person, published, case_with_bilaga, chef
):
    secret = register_document(
        published.body.federation,
        uploaded_file=SimpleUploadedFile("s.pdf", make_pdf(1)),
        title="Hemlig offert",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.INCOMING,
        date=D(2024, 2, 16),
        case=case_with_bilaga,
        is_secret=True,
        osl_reference="19 kap. 3 § OSL",
        by=chef,
    )
    cache.clear()
    client.force_login(ledamot)

    page = client.get(_url("meeting_detail", published.pk))
    response = client.get(_url("meeting_document", published.pk, secret.pk))

    assert "Hemlig offert" not in page.content.decode()
    assert response.status_code == 404


def test_a_ledamot_of_another_body_does_not_see_the_meeting(
    client, ledamot, published, federation
):
    client.force_login(ledamot)

    response = client.get(_url("meeting_detail", published.pk))

    assert response.status_code == 404


def test_the_meeting_page_query_count_does_not_grow_with_items(
    client,
    ledamot,
    ledamot_person,
    meeting,
    chef,
    federation,
    case_with_bilaga,
    django_assert_num_queries,
):
    client.force_login(ledamot)
    add_case_item(meeting, case=case_with_bilaga, by=chef)
    client.get(_url("meeting_detail", meeting.pk))
    cache.clear()  # the agenda rendered, not read from the cache
    # 10 cold: the protokoll link's state (minutes.todo.protokoll_state, one query
    # per page, none on a warm cache) is read again after the cache.clear() above.
    # 16 since issue 19.3: the tjänsteskrivelse's sections (three prefetches) and
    # the reader's own, never cached: the read mark (one UPDATE … RETURNING), Oläst
    # (the changed handlingar and items in one UNION) and Nytt's items of the page
    # marked read (the cache that knows them read was cleared above).
    with django_assert_num_queries(16) as one:
        client.get(_url("meeting_detail", meeting.pk))
    for title in ("Fyllnadsval", "Remissvar", "Avtal"):
        add_case_item(
            meeting, case=CaseFactory(federation=federation, title=title), by=chef
        )
    cache.clear()

    cache.clear()  # measured cold: the rendering path, not the cache
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(_url("meeting_detail", meeting.pk))

    assert len(response.context["meeting"].items.all()) == 10


def test_the_meeting_agenda_is_cached_per_audience_until_a_handling_changes(
    client,
    ledamot,
    ledamot_person,
    published,
    chef,
    case_with_bilaga,
    django_assert_num_queries,
):
    client.force_login(ledamot)
    client.get(_url("meeting_detail", published.pk))

    # Served from the cache: whether this ledamot may see the meeting and the page
    # of the audience. Read per request (federation.cache keeps no user data): the
    # session (in the database), the user, and the user's grants and persons (one
    # union); the förbund of the URL comes from the cache. Two more of the
    # reader's own since issue 19.3 (meetings.reading): the read mark (one UPDATE
    # … RETURNING), the changed handlingar and items (one UNION); Nytt's items of
    # the page are known to be read since the first opening (inbox.services).
    with django_assert_num_queries(5):
        cached = client.get(_url("meeting_detail", published.pk))
    bilaga = Document.objects.get(case=case_with_bilaga, kind=Document.Kind.BILAGA)
    bilaga.title = "Reviderad kostnadskalkyl"
    bilaga.save()
    changed = client.get(_url("meeting_detail", published.pk))

    assert cached.status_code == 200
    assert "Reviderad kostnadskalkyl" not in cached.content.decode()
    assert "Reviderad kostnadskalkyl" in changed.content.decode()


def test_a_handling_made_secret_leaves_the_cached_agenda_of_the_ledamot(
    client, ledamot, ledamot_person, published, chef, case_with_bilaga
):
    bilaga = Document.objects.get(case=case_with_bilaga, kind=Document.Kind.BILAGA)
    client.force_login(ledamot)
    before = client.get(_url("meeting_detail", published.pk))

    update_document(bilaga, by=chef, is_secret=True, osl_reference="19 kap. 3 § OSL")
    after = client.get(_url("meeting_detail", published.pk))
    client.force_login(chef)
    staff = client.get(_url("meeting_detail", published.pk))

    assert bilaga.title in before.content.decode()
    assert bilaga.title not in after.content.decode()
    assert bilaga.title in staff.content.decode()


def test_a_shared_meeting_page_carries_each_readers_own_name_and_token(
    client, ledamot, ledamot_person, published, federation
):
    other = UserFactory(username="ersattare", first_name="Eva", last_name="Ek")
    grant(other, federation, Role.FORTROENDEVALD)
    AssignmentFactory(
        body=published.body,
        person=PersonFactory(federation=federation, user=other),
        role=Assignment.Role.ERSATTARE,
    )
    client.force_login(ledamot)
    first = client.get(_url("meeting_detail", published.pk)).content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(other)
    second = strict.get(_url("meeting_detail", published.pk))
    logout = strict.post(reverse("logout"), {"csrfmiddlewaretoken": _token(second)})

    assert second.status_code == 200
    assert "Eva Ek" in second.content.decode()
    assert "Eva Ek" not in first
    assert logout.status_code == 302  # the filled-in token is valid


def _token(response) -> str:
    found = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
    )
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


# --- The calendar feed ---


def test_calendar_feed_lists_only_the_persons_meetings(
    client, ledamot_person, published, body, chef
):
    other = BodyFactory(federation=body.federation)
    create_meeting(other, date=D(2024, 3, 8), starts_at=datetime.time(9), by=chef)
    token = issue_calendar_token(ledamot_person)

    response = client.get(_url("calendar_feed", token.token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        f"meeting-{published.pk}@testforbund.forbundsportalen"
    ]
    assert events[0]["sequence"] == 1
    assert events[0].decoded("dtstart").isoformat() == "2024-03-01T09:00:00+01:00"


def test_calendar_sequence_bumps_with_a_new_kallelse_version(
    client, ledamot_person, published, chef
):
    token = issue_calendar_token(ledamot_person)
    add_free_item(published, kind=ItemKind.REPORT, title="Ny punkt", by=chef)
    publish_kallelse(published, by=chef, change_note="Ny punkt")

    response = client.get(_url("calendar_feed", token.token))

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event["sequence"] == 2


def test_a_revoked_calendar_token_gets_404(client, ledamot_person, published):
    token = issue_calendar_token(ledamot_person)
    revoke_calendar_token(token)

    response = client.get(_url("calendar_feed", token.token))

    assert response.status_code == 404


def test_a_new_calendar_address_ends_the_old_one(client, ledamot, ledamot_person):
    client.force_login(ledamot)
    old = issue_calendar_token(ledamot_person)

    response = client.post(_url("calendar_token_issue"))

    old.refresh_from_db()
    assert response.status_code == 302
    assert old.revoked_at is not None
    assert CalendarToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_meeting_page_links_the_justerat_protokoll_only_after_justering(
    client, ledamot, ledamot_person, published
):
    client.force_login(ledamot)
    protokoll_url = reverse(
        "minutes:detail", args=[published.body.federation.slug, published.pk]
    )

    before = client.get(_url("meeting_detail", published.pk)).content.decode()
    published.status = published.Status.POSTED
    published.save()
    after = client.get(_url("meeting_detail", published.pk)).content.decode()

    assert protokoll_url not in before
    assert protokoll_url in after


def test_a_kallelse_with_a_handling_marked_sekretess_later_is_withdrawn(
    client, chef, ledamot, ledamot_person, published, case_with_bilaga
):
    bilaga = case_with_bilaga.documents.get(kind=Document.Kind.BILAGA)
    url = _url("kallelse_pdf", published.pk, 1)
    client.force_login(ledamot)
    before = client.get(url)

    update_document(bilaga, by=chef, is_secret=True, osl_reference="19 kap. 3 § OSL")
    after = client.get(url)
    client.force_login(chef)
    as_chef = client.get(url)

    assert before.status_code == 200
    assert after.status_code == 410
    assert "dragits tillbaka" in after.content.decode()
    assert as_chef.status_code == 200  # the chef may see sekretess
