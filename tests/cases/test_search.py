import pytest
from django.db import connection

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
