"""One index value typed on its series' page (issue 20.7): "3,5" or "1 270 000"
is read the Swedish way; a value that cannot be read changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.activities import set_index_value
from finance.models import IndexSeries, IndexValue

from .factories import IndexSeriesFactory, IndexValueFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 2, 15)


@pytest.fixture
def series(federation):
    return IndexSeriesFactory(federation=federation, code="PKV")


@pytest.fixture
def level(federation):
    return IndexSeriesFactory(
        federation=federation, code="KPI", kind=IndexSeries.Kind.LEVEL
    )


def _post(client, series, **values):
    data = {"year": "2025", "value": "3,5", "published_on": "2025-02-15", **values}
    return client.post(
        reverse("finance:index_value_set", args=[series.federation.slug, series.pk]),
        data,
    )


def test_a_new_value_is_saved_with_a_swedish_reason(series, ekonom):
    value, created = set_index_value(
        series, 2025, Decimal("3.5"), published_on=DAY, is_forecast=True, by=ekonom
    )

    assert created
    assert (value.value, value.is_forecast) == (Decimal("3.5"), True)
    assert value.history.get().history_change_reason == "Indexvärde angivet för hand"


def test_the_same_year_and_date_is_corrected_not_doubled(series, ekonom):
    IndexValueFactory(series=series, year=2025, value=Decimal("2.7"), published_on=DAY)

    value, created = set_index_value(
        series, 2025, Decimal("2.9"), published_on=DAY, is_forecast=False, by=ekonom
    )

    assert not created
    assert list(series.values.values_list("value", flat=True)) == [Decimal("2.9")]
    assert value.history.first().history_change_reason == "Indexvärde rättat för hand"


def test_a_later_publication_is_kept_beside_the_earlier(series, ekonom):
    IndexValueFactory(series=series, year=2025, value=Decimal("2.7"), published_on=DAY)

    set_index_value(
        series,
        2025,
        Decimal("2.9"),
        published_on=datetime.date(2025, 8, 1),
        is_forecast=False,
        by=ekonom,
    )

    assert series.values.count() == 2


def test_a_level_of_zero_is_refused(level, ekonom):
    with pytest.raises(ValidationError, match="större än noll"):
        set_index_value(
            level, 2025, Decimal(0), published_on=DAY, is_forecast=False, by=ekonom
        )
    assert not IndexValue.objects.exists()


def test_the_page_reads_a_swedish_number_with_spaces(client, level, ekonom):
    client.force_login(ekonom)

    response = _post(client, level, value="1 270 000,25")

    assert response.status_code == 302
    assert level.values.get().value == Decimal("1270000.25")
    page = client.get(response["Location"]).content.decode()
    assert "Värdet för 2025 har sparats." in page


def test_the_page_reads_a_decimal_comma(client, series, ekonom):
    client.force_login(ekonom)

    _post(client, series, value="3,5", is_forecast="on")

    value = series.values.get()
    assert (value.value, value.is_forecast) == (Decimal("3.5"), True)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3.5", "kan läsas på flera sätt"),
        ("tre", "Skriv ett tal, till exempel 1 270 000 eller 6,53."),
        ("3,123456", "4 decimaler"),
        ("", "Detta fält måste fyllas i."),
    ],
)
def test_a_value_that_cannot_be_read_changes_nothing(
    client, series, ekonom, typed, message
):
    IndexValueFactory(series=series, year=2025, value=Decimal("2.7"), published_on=DAY)
    client.force_login(ekonom)

    response = _post(client, series, value=typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Inget sparades. Rätta värdet och försök igen." in page
    assert list(series.values.values_list("value", flat=True)) == [Decimal("2.7")]


def test_a_percentage_out_of_range_is_refused_on_the_page(client, series, ekonom):
    client.force_login(ekonom)

    response = _post(client, series, value="250")

    assert "En förändring på 250 procent är inte möjlig." in response.content.decode()
    assert not series.values.exists()


def test_the_page_shows_the_form_to_the_ekonom_only(client, series, ekonom, chef):
    url = reverse("finance:index_series", args=[series.federation.slug, series.pk])
    client.force_login(ekonom)
    assert "Ange ett värde" in client.get(url).content.decode()
    client.force_login(chef)
    assert "Ange ett värde" not in client.get(url).content.decode()


def test_the_administrator_cannot_set_a_value(client, series, chef):
    client.force_login(chef)

    assert _post(client, series).status_code == 403
    assert not series.values.exists()


def test_another_federations_series_is_not_found(
    client, other_federation, federation, ekonom
):
    theirs = IndexSeriesFactory(federation=other_federation)
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:index_value_set", args=[federation.slug, theirs.pk]),
        {"year": "2025", "value": "3,5", "published_on": "2025-02-15"},
    )

    assert response.status_code == 404
    assert not theirs.values.exists()


def test_a_get_is_not_allowed(client, series, ekonom):
    client.force_login(ekonom)
    url = reverse("finance:index_value_set", args=[series.federation.slug, series.pk])

    assert client.get(url).status_code == 405
