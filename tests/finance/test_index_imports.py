"""The index series import never guesses (issue 16.4): its header is known or the
file is refused showing it; a value column named for the other kind of series, a
date in another form or a missing kind is an error of its row; nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from finance.models import IndexSeries, IndexValue
from finance.services import import_index_values

from .factories import IndexSeriesFactory

pytestmark = pytest.mark.django_db
PERCENT_HEADERS = (
    "Godkänd rubrikrad: år;förändring;publicerad;typ (eller värde eller procent i "
    "stället för förändring; typ kan utelämnas: utfall eller prognos)."
)


def snapshot() -> tuple:
    rows = IndexValue.objects.order_by("pk").values_list(
        "series_id", "year", "value", "published_on", "is_forecast"
    )
    return list(rows), IndexValue.history.count()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "år;värde;publicerad;kommentar\n2025;2,7;2025-02-15;x\n",
            [
                "Filens rubrikrad är inte en som den här importen känner igen: "
                "”år;värde;publicerad;kommentar”. " + PERCENT_HEADERS
            ],
        ),
        (
            "år;index;publicerad\n2025;412,5;2025-02-15\n",
            [
                "Filens rubrikrad är inte en som den här importen känner igen: "
                "”år;index;publicerad”. " + PERCENT_HEADERS
            ],
        ),
        (
            "år;värde;procent;publicerad\n2025;2,7;2,7;2025-02-15\n",
            [
                "Filens rubrikrad är inte en som den här importen känner igen: "
                "”år;värde;procent;publicerad”. " + PERCENT_HEADERS
            ],
        ),
        (
            "år;värde;publicerad;typ\n2025;2,7;20250215;\n2026;2,71234;2025-02-15;p\n",
            [
                'Rad 2: kan inte läsa datum "20250215", typ "".',
                'Rad 3: kan inte läsa värde "2,71234".',
            ],
        ),
        (
            "år;värde;publicerad\n2025;=2+1;2025-02-15\n",
            ['Rad 2: kan inte läsa värde "=2+1".'],
        ),
    ],
    ids=["unknown column", "level header", "two values", "cells", "formula"],
)
def test_an_index_file_that_would_need_a_guess_is_refused(
    federation, ekonom, raw, expected
):
    series = IndexSeriesFactory(federation=federation, kind=IndexSeries.Kind.PERCENT)
    IndexValue.objects.create(
        series=series, year=2024, value=3, published_on="2024-02-15"
    )
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        import_index_values(series, raw.encode(), by=ekonom)

    assert refused.value.messages == expected
    assert snapshot() == before


def test_a_level_series_reads_its_index_column_in_latin1_with_commas(
    federation, ekonom
):
    series = IndexSeriesFactory(federation=federation, kind=IndexSeries.Kind.LEVEL)
    raw = '"år","index","publicerad"\n2025,"412,5",2025-02-15\n'.encode("cp1252")

    import_index_values(series, raw, by=ekonom)

    assert list(series.values.values_list("year", "value")) == [(2025, 412.5)]
