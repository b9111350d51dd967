"""OParl 1.1: the spec's schemas, a client's walk by links, lists and filters."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from cases.services import update_document
from federation.models import Assignment, Person
from meetings.models import AgendaItem, Meeting
from meetings.services import add_case_item

from .crawl import ROOT, crawl, get, validate

BODY = ROOT + "body/sjuharad/"
LISTS = (
    "organization",
    "person",
    "membership",
    "servingmembership",
    "meeting",
    "agendaitem",
    "consultation",
    "paper",
    "file",
    "location",
    "legislativeterm",
)


def test_every_object_validates_against_the_oparl_schemas(demo, client):
    answers = crawl(client)

    types: dict[str, int] = {}
    for data in answers.values():
        if "data" in data:  # a list page
            assert set(data) == {"data", "pagination", "links"}
            rows = data["data"]
        else:
            rows = [data]
        for row in rows:
            validate(row, row["type"].rsplit("/", 1)[1])
            types[row["type"].rsplit("/", 1)[1]] = 1
    # Every type of OParl 1.1 is served by the demo.
    assert set(types) == {
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
    }


def test_an_object_in_a_list_is_the_object_at_its_id(demo, client):
    for kind in LISTS:
        for row in get(client, f"{BODY}{kind}/")["data"]:
            assert get(client, row["id"]) == row, kind


def test_a_client_walks_from_the_system_to_a_file_by_links(demo, client):
    system = get(client, ROOT)
    bodies = get(client, system["body"])["data"]
    body = next(b for b in bodies if b["name"].startswith("Boråsregionen"))
    organizations = get(client, body["organization"])["data"]
    direktion = next(o for o in organizations if o["shortName"] == "Direktion")
    meetings = get(client, direktion["meeting"])["data"]
    meeting = next(m for m in meetings if m["name"].endswith("2024-03-01"))
    item = next(i for i in meeting["agendaItem"] if i.get("auxiliaryFile"))
    file = item["auxiliaryFile"][0]

    opened = client.get(file["accessUrl"].removeprefix("http://testserver"))
    saved = client.get(file["downloadUrl"].removeprefix("http://testserver"))

    assert opened.status_code == saved.status_code == 200
    assert opened["Content-Type"] == "application/pdf"
    assert b"".join(opened.streaming_content).startswith(b"%PDF")
    assert saved["Content-Disposition"].startswith("attachment")
    assert get(client, file["id"])["name"] == file["name"]


def test_the_votering_is_the_agenda_items_result_and_the_ersattare_a_membership(
    demo, client
):
    items = get(client, f"{BODY}agendaitem/")["data"]
    results = [i.get("result", "") for i in items]
    serving = get(client, f"{BODY}servingmembership/")["data"]
    person = get(client, serving[0]["person"])

    assert any("Votering: " in r and " ja, " in r for r in results)
    assert serving[0]["role"].startswith("Tjänstgörande ersättare för ")
    assert serving[0]["votingRight"] is True
    assert serving[0]["id"] in [m["id"] for m in person["membership"]]


def test_unpublished_meetings_and_non_public_items_are_not_served(demo, client):
    december = Meeting.objects.get(body__federation=demo, date="2026-12-11")
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    hidden = march.items.order_by("position").last()
    assert hidden is not None
    AgendaItem.objects.filter(pk=hidden.pk).update(is_public=False)

    meetings = [m["id"] for m in get(client, f"{BODY}meeting/")["data"]]
    items = [i["id"] for i in get(client, f"{BODY}agendaitem/")["data"]]

    assert f"{BODY}meeting/{march.pk}/" in meetings
    assert f"{BODY}meeting/{december.pk}/" not in meetings
    assert f"{BODY}agendaitem/{hidden.pk}/" not in items
    # Never announced: not found, its id never told (not even as deleted).
    assert client.get(f"{BODY}meeting/{december.pk}/").status_code == 404
    # Public once, withdrawn since: served as no longer public (OParl's soft
    # delete), its id, type and times only.
    stub = get(client, f"{BODY}agendaitem/{hidden.pk}/")
    assert set(stub) == {"id", "type", "deleted", "created", "modified"}
    assert stub["deleted"] is True


def test_a_deleted_or_withdrawn_object_is_marked_deleted_after_modified_since(
    demo, client
):
    before = get(client, f"{BODY}membership/")["data"][0]["modified"]
    assignment = Assignment.objects.filter(
        body__federation=demo, replaced_by__isnull=True
    ).last()
    assert assignment is not None
    gone = f"{BODY}membership/{assignment.pk}/"
    assignment.delete()
    handling = get(client, f"{BODY}file/")["data"][0]
    pk = int(handling["id"].rstrip("/").rsplit("/", 1)[1])
    from cases.models import Document  # noqa: PLC0415 leaf

    update_document(
        Document.objects.get(pk=pk),
        by=None,
        title="Hemlig titel",
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
    )
    since = {"modified_since": before}

    plain = get(client, f"{BODY}membership/")["data"]
    synced = client.get(f"{BODY}membership/", since).json()["data"]
    files = client.get(f"{BODY}file/", since).json()["data"]

    assert gone not in [m["id"] for m in plain]  # deleted: only for a sync
    stub = next(m for m in synced if m["id"] == gone)
    assert stub["deleted"] is True
    assert set(stub) == {
        "id",
        "type",
        "deleted",
        "created",
        "modified",
    }
    assert get(client, gone) == stub
    withdrawn = next(f for f in files if f["id"] == handling["id"])
    assert withdrawn["deleted"] is True
    assert "name" not in withdrawn
    assert "Hemlig titel" not in client.get(f"{BODY}file/", since).content.decode()
    validate(stub, "Membership")
    validate(withdrawn, "File")


def test_lists_page_and_keep_their_filters(demo, client):
    first = get(client, f"{BODY}membership/?limit=10&modified_since=2000-01-01")
    total = first["pagination"]["totalElements"]
    seen = [m["id"] for m in first["data"]]
    page = first
    while "next" in page["links"]:
        assert "modified_since=2000-01-01" in page["links"]["next"]
        assert "limit=10" in page["links"]["next"]
        page = get(client, page["links"]["next"])
        seen += [m["id"] for m in page["data"]]

    assert total > 20
    assert first["pagination"]["totalPages"] == -(-total // 10)
    assert "prev" not in first["links"]
    assert page["links"]["self"] == page["links"]["last"]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    "query",
    [
        "modified_since=igår",
        "created_since=2024-13-01T00:00:00",
        "modified_until=2024-03-01T25:00",
        "page=0",
        "page=x",
        "limit=-1",
        "page=99",
        "organization=Direktion",
    ],
)
def test_a_bad_parameter_is_a_400_error_object(demo, client, query):
    response = client.get(f"/oparl/body/sjuharad/meeting/?{query}")

    data = response.json()
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert data["type"] == "https://schema.oparl.org/1.1/Error"
    assert data["message"]
    if "_" in query:  # a date: the message names the parameter and the format
        assert query.split("=")[0] in data["message"]
        assert "ISO 8601" in data["message"]
    assert data["debug"] == f"bad parameter: {query.split('=')[0]}"


def test_dates_filter_with_an_offset_and_an_unencoded_plus(demo, client):
    modified = get(client, f"{BODY}meeting/")["data"][0]["modified"]
    later = modified.replace("+01:00", "+00:00")  # an hour later
    unencoded = f"/oparl/body/sjuharad/meeting/?modified_since={modified}"

    assert len(client.get(unencoded).json()["data"]) == 1
    assert get(client, f"{BODY}meeting/?modified_until={modified}")["data"]
    assert not client.get(f"{BODY}meeting/", {"modified_since": later}).json()["data"]


def test_unknown_objects_and_forbund_are_404_error_objects(demo, client):
    for url in (
        "/oparl/body/okand/",
        "/oparl/body/okand/meeting/",
        "/oparl/body/sjuharad/meeting/999999/",
        "/oparl/body/sjuharad/file/999999/access/",
        "/oparl/body/vastmanland/meeting/1/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"


def test_another_forbunds_objects_are_not_found_under_this_one(demo, client):
    march = Meeting.objects.get(body__federation=demo, date="2024-03-01")
    person = Person.objects.filter(federation=demo, assignments__isnull=False)[0]

    for url in (
        f"/oparl/body/vastmanland/meeting/{march.pk}/",
        f"/oparl/body/vastmanland/person/{person.pk}/",
    ):
        assert client.get(url).status_code == 404


def _count(client: Client, url: str) -> int:
    from django.core.cache import cache  # noqa: PLC0415 leaf

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_list_page_reads_a_fixed_number_of_queries(demo, client):
    """No query per row: publishing more meetings with items, ärenden and
    handlingar leaves every list's count as it was."""
    before = {kind: _count(client, f"/oparl/body/sjuharad/{kind}/") for kind in LISTS}
    files = get(client, f"{BODY}file/")["pagination"]["totalElements"]
    december = Meeting.objects.get(body__federation=demo, date="2026-12-11")
    chef = Person.objects.get(federation=demo, user__username="chef").user
    preparing = Case.objects.filter(federation=demo, status="in_preparation")
    for case in preparing:  # three ärenden with handlingar, on no agenda yet
        case.status = Case.Status.READY
        case.save(update_fields=["status"])
        add_case_item(december, case=case, by=chef)
    Meeting.objects.filter(pk=december.pk).update(
        status=Meeting.Status.KALLELSE_PUBLISHED
    )

    after = {kind: _count(client, f"/oparl/body/sjuharad/{kind}/") for kind in LISTS}

    assert get(client, f"{BODY}meeting/")["pagination"]["totalElements"] == 2
    assert get(client, f"{BODY}file/")["pagination"]["totalElements"] > files
    assert after == before
    assert max(after.values()) <= 12
