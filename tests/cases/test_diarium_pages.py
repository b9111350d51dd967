"""The diarium's pages: no full count of a broad search, the same hits page by page."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from cases import selectors
from cases.selectors import diarium_page, search_documents, visible_documents

from .factories import CaseFactory, DocumentFactory

URL = reverse("cases:diarium", args=["testforbund"])

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ts_rank needs PostgreSQL"
)


def _documents(federation, count, **fields):
    """Handlingar dated one day apart, newest last."""
    start = datetime.date(2024, 1, 1)
    return [
        DocumentFactory(
            federation=federation, date=start + datetime.timedelta(days=n), **fields
        )
        for n in range(count)
    ]


def test_diarium_page_counts_and_pages_newest_first(federation):
    made = _documents(federation, 5)

    first = diarium_page(visible_documents(None, federation), "", 1, per_page=2)
    last = diarium_page(visible_documents(None, federation), "", 3, per_page=2)

    assert list(first) == [made[4], made[3]]
    assert (first.count, first.has_next, first.has_previous) == (5, True, False)
    assert list(last) == [made[0]]
    assert (last.has_next, last.has_previous, last.start_index) == (False, True, 5)


def test_diarium_page_caps_the_count(federation, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    _documents(federation, 5)

    page = diarium_page(visible_documents(None, federation), "", 1, per_page=2)

    assert (page.count, page.more_than, page.has_next) == (None, 3, True)


def test_diarium_page_beyond_the_counted_knows_the_count_on_the_last_page(
    federation, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    made = _documents(federation, 5)

    middle = diarium_page(visible_documents(None, federation), "", 2, per_page=2)
    last = diarium_page(visible_documents(None, federation), "", 3, per_page=2)

    assert (list(middle), middle.count, middle.has_next) == (
        [made[2], made[1]],
        None,
        True,
    )
    assert (list(last), last.count, last.has_next) == ([made[0]], 5, False)


def _avgift_documents(federation):
    """Six handlingar matching 'avgift' among eight: four by their ärende's text."""
    plan = CaseFactory(federation=federation, description="Ny medlemsavgift från 2025")
    for n, title in enumerate(["Avgiftsbeslut", "Kallelse", "Protokoll", "Avgift"]):
        DocumentFactory(
            federation=federation, title=title, date=datetime.date(2024, 3, n + 1)
        )
        DocumentFactory(
            federation=federation,
            case=plan,
            title=f"Bilaga {n}",
            date=datetime.date(2024, 4, n + 1),
        )


def test_diarium_search_pages_equal_the_full_search(federation):
    _avgift_documents(federation)
    documents = visible_documents(None, federation)
    expected = list(search_documents(documents, "avgift").order_by("-date", "-pk"))

    pages = [diarium_page(documents, "avgift", n, per_page=2) for n in (1, 2, 3, 4)]

    assert [d for page in pages for d in page] == expected
    assert len(expected) == 6
    assert [page.has_next for page in pages] == [True, True, False, False]
    assert pages[2].count == 6


def test_diarium_search_pages_beyond_the_counted_equal_the_full_search(
    federation, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    _avgift_documents(federation)
    documents = visible_documents(None, federation)
    expected = list(search_documents(documents, "avgift").order_by("-date", "-pk"))

    pages = [diarium_page(documents, "avgift", n, per_page=2) for n in (1, 2, 3)]

    assert [d for page in pages for d in page] == expected
    assert [(page.count, page.has_next) for page in pages] == [
        (None, True),
        (None, True),
        (6, False),
    ]


def test_diarium_search_that_finds_few_counts_them(federation):
    _avgift_documents(federation)

    page = diarium_page(visible_documents(None, federation), "avgift", 1, per_page=50)

    assert (len(page), page.count, page.more_than, page.has_next) == (6, 6, None, False)


def test_diarium_search_never_pages_a_secret_handling_to_a_ledamot(federation, ledamot):
    DocumentFactory(federation=federation, title="Avgift öppen")
    DocumentFactory(
        federation=federation,
        title="Avgift hemlig",
        is_secret=True,
        osl_reference="19 kap. 3 §",
    )

    page = diarium_page(
        visible_documents(ledamot, federation), "avgift", 1, per_page=50
    )

    assert [d.title for d in page] == ["Avgift öppen"]


def test_diarium_search_counts_a_secret_handling_only_for_those_allowed(
    federation, ledamot, chef
):
    DocumentFactory(federation=federation, title="Avgift öppen")
    DocumentFactory(
        federation=federation,
        title="Avgift hemlig",
        is_secret=True,
        osl_reference="19 kap. 3 §",
    )

    counts = [
        diarium_page(visible_documents(user, federation), "avgift", 1, per_page=1).count
        for user in (ledamot, chef)
    ]

    assert counts == [1, 2]


def test_diarium_shows_more_than_and_links_the_next_page(
    client, chef, federation, monkeypatch
):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 2)
    monkeypatch.setattr("cases.views.PAGE_SIZE", 2)
    _documents(federation, 3, title="Avgift")
    client.force_login(chef)

    first = client.get(URL, {"q": "avgift"})
    second = client.get(URL, {"q": "avgift", "sida": "2"})

    text = first.content.decode()
    assert "Fler än 2 handlingar, visar 1–2" in text
    assert 'href="?q=avgift&amp;sida=2" rel="next"' in text
    assert "Sida 2" in second.content.decode()
    assert len(second.context["page"]) == 1


@pytest.mark.parametrize("sida", ["0", "-1", "x", "99999999999"])
def test_diarium_odd_page_numbers_are_the_first_page(client, chef, federation, sida):
    _documents(federation, 1)
    client.force_login(chef)

    response = client.get(URL, {"sida": sida})

    assert response.context["page"].number == 1


@pytest.mark.parametrize("rows", [1, 3])
def test_diarium_search_query_count_is_constant(
    client, chef, federation, django_assert_num_queries, rows
):
    """The request's three (session, user, grants), the förbund, the matching ids
    with a limit, the page's rows; on PostgreSQL first the words near the query."""
    case = CaseFactory(federation=federation, title="Medlemsavgift 2025")
    for _ in range(rows):
        DocumentFactory(federation=federation, case=case)
    client.force_login(chef)

    expected = 7 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        response = client.get(URL, {"q": "medlemsavgift"})

    assert len(response.context["page"]) == rows


def _ranked_documents(federation):
    """Two hits on "avfallsplan": the older names it in its title and its ärende,
    the newer only in passing in the ärende's description."""
    strong = CaseFactory(
        federation=federation,
        title="Avfallsplan för Sjuhärad",
        description="Avfallsplan, avfallsplan och åter avfallsplan.",
    )
    weak = CaseFactory(
        federation=federation,
        title="Rekvisition Techarena",
        description="Nämns i förbigående: avfallsplan.",
    )
    older = DocumentFactory(
        federation=federation,
        case=strong,
        title="Avfallsplan remissvar",
        date=datetime.date(2024, 1, 1),
    )
    newer = DocumentFactory(
        federation=federation,
        case=weak,
        title="Faktura",
        date=datetime.date(2024, 6, 1),
    )
    DocumentFactory(
        federation=federation, title="Ovidkommande", date=datetime.date(2024, 7, 1)
    )
    return older, newer


@on_postgresql
def test_diarium_ranked_puts_the_best_match_first(federation):
    older, newer = _ranked_documents(federation)
    documents = visible_documents(None, federation)

    by_date = diarium_page(documents, "avfallsplan", 1, per_page=10)
    ranked = diarium_page(documents, "avfallsplan", 1, per_page=10, ranked=True)

    assert list(by_date) == [newer, older]
    assert list(ranked) == [older, newer]
    assert (ranked.count, ranked.has_next) == (2, False)


@on_postgresql
def test_diarium_ranked_pages_hold_each_hit_once(federation):
    _avgift_documents(federation)
    documents = visible_documents(None, federation)
    expected = set(search_documents(documents, "avgift"))

    pages = [
        diarium_page(documents, "avgift", n, per_page=4, ranked=True) for n in (1, 2)
    ]

    found = [d for page in pages for d in page]
    assert len(found) == len(set(found)) == 6
    assert set(found) == expected
    assert [page.has_next for page in pages] == [True, False]


@on_postgresql
def test_diarium_ranked_ranks_only_the_newest_counted_hits(federation, monkeypatch):
    """Beyond COUNT_LIMIT the older hits are not read: the cost stays bounded."""
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 1)
    _older, newer = _ranked_documents(federation)

    page = diarium_page(
        visible_documents(None, federation), "avfallsplan", 1, per_page=10, ranked=True
    )

    assert list(page) == [newer]
    assert (page.count, page.more_than) == (None, 1)


def test_diarium_order_by_relevance_through_the_page(client, chef, federation):
    _ranked_documents(federation)
    client.force_login(chef)

    response = client.get(URL, {"q": "avfallsplan", "order": "relevance"})

    titles = [d.title for d in response.context["page"]]
    if connection.vendor == "postgresql":
        assert titles == ["Avfallsplan remissvar", "Faktura"]
    else:  # SQLite has no rank: the diarium's order, newest first
        assert titles == ["Faktura", "Avfallsplan remissvar"]
    assert "Bäst träff först" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_diarium_ranked_query_count_is_constant(
    client, chef, federation, django_assert_num_queries, rows
):
    case = CaseFactory(federation=federation, title="Medlemsavgift 2025")
    for _ in range(rows):
        DocumentFactory(federation=federation, case=case)
    client.force_login(chef)

    expected = 7 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        response = client.get(URL, {"q": "medlemsavgift", "order": "relevance"})

    assert len(response.context["page"]) == rows
