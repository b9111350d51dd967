"""The diarium search under hostile queries and hostile readers (PostgreSQL): what
tsquery means by its characters, a huge query, NUL bytes, only stop words; the
stored words after every change; and what a reader without the right to sekretess
can learn of a sekretess handling's words."""

import pytest
from django.db import connection
from django.urls import reverse

from cases import selectors
from cases.models import Document
from cases.permissions import can_see_secret
from cases.selectors import search_documents, visible_documents

from .factories import CaseFactory, DocumentFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Swedish full-text search and pg_trgm need PostgreSQL",
)


def _titles(federation, query, user=None):
    documents = visible_documents(user, federation)
    secret_words = user is not None and can_see_secret(user, federation)
    found = search_documents(documents, query, secret_words=secret_words)
    return sorted(d.title for d in found)


@pytest.mark.parametrize(
    "query",
    [
        "avtal & !plan | (x:*)",
        "'",
        "\\",
        "&|!():*'\\",
        "avtal:* <-> plan",
        '"avtal',
        "-",
        "och att det",  # only stop words
        "x" * 10_000,
        "avtal " * 2_000,
        "avt\x00al",
        "\u0000",
        "🙂 ÅÄÖ ß",
    ],
)
def test_a_hostile_query_answers_the_page(client, handlaggare, federation, query):
    DocumentFactory(federation=federation, title="Avtal om avfallsplan")
    client.force_login(handlaggare)

    response = client.get(
        reverse("cases:diarium", args=[federation.slug]), {"q": query}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["&|!():*'\\", "och att det", "x" * 10_000])
def test_a_hostile_query_to_the_selector_finds_nothing_odd(federation, query):
    DocumentFactory(federation=federation, title="Avtal om avfallsplan")

    assert _titles(federation, query) == []


def test_the_stored_words_follow_every_change(federation):
    first = CaseFactory(federation=federation, title="Vägbelysning")
    second = CaseFactory(federation=federation, title="Simhall")
    document = DocumentFactory(federation=federation, case=first, title="Anbud")

    before = [_titles(federation, w) for w in ("vägbelysning", "simhall", "anbud")]
    document.title = "Offert"
    document.counterpart = "Byggbolaget"
    document.case = second
    document.save()
    after = [
        _titles(federation, w)
        for w in ("vägbelysning", "simhall", "anbud", "offert", "byggbolaget")
    ]
    Document.objects.filter(pk=document.pk).update(title="Faktura")
    updated = [_titles(federation, w) for w in ("offert", "faktura")]
    document.delete()

    assert before == [["Anbud"], [], ["Anbud"]]
    assert after == [[], ["Offert"], [], ["Offert"], ["Offert"]]
    assert updated == [[], ["Faktura"]]
    assert _titles(federation, "faktura") == []


def test_a_sekretess_flag_change_shows_and_hides_the_handling(
    federation, handlaggare, ledamot
):
    document = DocumentFactory(
        federation=federation,
        title="Utredning omplacering",
        is_secret=True,
        osl_reference="OSL 39:3",
    )
    hidden = [_titles(federation, "omplacering", u) for u in (ledamot, handlaggare)]
    document.is_secret = False
    document.save()
    shown = _titles(federation, "omplacering", ledamot)
    document.is_secret = True
    document.save()

    assert hidden == [[], ["Utredning omplacering"]]
    assert shown == ["Utredning omplacering"]
    assert _titles(federation, "omplacering", ledamot) == []


def test_the_diarium_page_of_a_reader_counts_no_sekretess_near_match(
    client, ledamot, federation
):
    DocumentFactory(federation=federation, title="Avfallsplanen remiss")
    DocumentFactory(
        federation=federation,
        title="Avfallsplan hemlig",
        is_secret=True,
        osl_reference="OSL 39:3",
    )
    client.force_login(ledamot)

    response = client.get(
        reverse("cases:diarium", args=[federation.slug]), {"q": "avfallspla"}
    )

    page = response.context["page"]
    assert ([d.title for d in page], page.count) == (["Avfallsplanen remiss"], 1)
    assert "hemlig" not in response.content.decode()
    assert "Avfallsplan hemlig" not in response.content.decode()


def test_a_readers_hits_do_not_depend_on_sekretess_words(
    federation, ledamot, monkeypatch
):
    """Near words are cut at a limit: were sekretess words among those cut, a
    sekretess handling nearer the query would push a public word out of the query
    and the reader would see one hit fewer (here with a limit of one word)."""
    monkeypatch.setattr(selectors, "NEAR_WORDS_LIMIT", 1)
    DocumentFactory(federation=federation, title="Avfallsplats remiss")
    without = _titles(federation, "avfallspla", ledamot)
    DocumentFactory(
        federation=federation,
        title="Avfallsplan hemlig",
        is_secret=True,
        osl_reference="OSL 39:3",
    )

    assert _titles(federation, "avfallspla", ledamot) == without


def test_a_sekretess_word_stays_near_for_those_allowed(
    federation, handlaggare, ledamot
):
    """A misspelt word of a sekretess handling only: found by staff with the right,
    by no one else; once the handling is public, by the reader too."""
    document = DocumentFactory(
        federation=federation,
        title="Omplaceringsutredning",
        is_secret=True,
        osl_reference="OSL 39:3",
    )
    before = [
        _titles(federation, "omplaceringsutrednin", u) for u in (handlaggare, ledamot)
    ]
    document.is_secret = False
    document.save()

    assert before == [["Omplaceringsutredning"], []]
    assert _titles(federation, "omplaceringsutrednin", ledamot) == [
        "Omplaceringsutredning"
    ]


@pytest.mark.parametrize("asked", ["²", "١", "x", "0", "9999999"])
def test_a_page_that_is_no_plain_number_is_the_first(
    client, handlaggare, federation, asked
):
    """str.isdigit() is true of "²", which int() refuses: the first page, no 500."""
    DocumentFactory(federation=federation, title="Avtal")
    client.force_login(handlaggare)

    response = client.get(
        reverse("cases:diarium", args=[federation.slug]), {"sida": asked}
    )

    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_a_pasted_page_is_no_misspelt_word(federation, django_assert_num_queries):
    """Thousands of trigrams cost the word table's index seconds: a query longer
    than a word or a few is matched by full text alone."""
    DocumentFactory(federation=federation, title="Avtal om avfallsplan")
    pasted = " ".join(f"ord{n}" for n in range(2_000))

    with django_assert_num_queries(0):
        near = selectors.near_words(pasted, secret_words=True)

    assert near == []
    assert selectors.near_words("avfallspla", secret_words=True) == ["avfallsplan"]
