import datetime

import pytest
from django.db import connection

from cases.models import Document
from cases.selectors import search_cases, search_documents, visible_documents

from .factories import CaseFactory, DocumentFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Swedish full-text search and pg_trgm need PostgreSQL",
)


@pytest.fixture
def documents(federation):
    case = CaseFactory(
        federation=federation,
        title="Gemensam avfallsplan",
        description="Kommunerna samordnar insamlingen av textilier.",
    )
    return {
        "plan": DocumentFactory(federation=federation, case=case, title="Avtal"),
        "other": DocumentFactory(federation=federation, title="Rekvisition Techarena"),
    }


def _titles(federation, query):
    return [
        d.title for d in search_documents(visible_documents(None, federation), query)
    ]


def test_search_finds_by_tjansteskrivelse_text(federation, documents):
    assert _titles(federation, "textilier") == ["Avtal"]


def test_search_empty_query_keeps_everything(federation, documents):
    assert sorted(_titles(federation, "  ")) == ["Avtal", "Rekvisition Techarena"]


@on_postgresql
def test_search_stems_swedish_words(federation, documents):
    assert _titles(federation, "textil") == ["Avtal"]
    assert _titles(federation, "avtalet") == ["Avtal"]


@on_postgresql
def test_search_finds_part_of_a_compound_word(federation, documents):
    assert _titles(federation, "avfall") == ["Avtal"]


@on_postgresql
def test_search_does_not_match_unrelated_words(federation, documents):
    assert _titles(federation, "järnväg") == []


def test_search_cases_by_title_word(federation, documents):
    found = search_cases(federation.cases.all(), "avfallsplan")

    assert [c.title for c in found] == ["Gemensam avfallsplan"]


@on_postgresql
def test_search_finds_a_misspelt_word(federation, documents):
    assert _titles(federation, "avfallplan") == ["Avtal"]


@on_postgresql
def test_search_finds_the_counterpart_and_the_diarienummer(federation, documents):
    DocumentFactory(
        federation=federation, title="Yttrande", counterpart="Länsstyrelsen"
    )
    diarienummer = documents["plan"].case.diarienummer

    assert _titles(federation, "länsstyrelsen") == ["Yttrande"]
    assert _titles(federation, diarienummer) == ["Avtal"]


@on_postgresql
def test_search_follows_a_changed_arende(federation, documents):
    """The trigger on the ärende refreshes its handlingar's stored words."""
    case = documents["plan"].case
    case.description = "Kommunerna samordnar insamlingen av möbler."
    case.save()

    assert _titles(federation, "textilier") == []
    assert _titles(federation, "möbler") == ["Avtal"]


@on_postgresql
def test_search_finds_handlingar_made_in_bulk(federation, documents):
    """The bench and the imports write with bulk_create: the trigger still runs."""
    Document.objects.bulk_create(
        [
            Document(
                federation=federation,
                case=documents["plan"].case,
                title="Bilaga",
                kind=Document.Kind.BILAGA,
                direction=Document.Direction.INCOMING,
                date=datetime.date(2024, 1, 1),
            )
        ]
    )

    assert sorted(_titles(federation, "textilier")) == ["Avtal", "Bilaga"]
