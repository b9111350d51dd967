"""The population import never guesses (issue 16.4): SCB's layouts recognised by
their header, figures summed over ages and sexes, unknown files refused with the
header read, large changes confirmed first, the database unchanged on refusal."""

import pytest
from django.core.exceptions import ValidationError

from finance.population_import import plan_population_import
from finance.services import import_population

from .population_files import (
    EXPECTED_2025,
    HALVED,
    HEADER_SHOWN,
    figures,
    long,
    long_with_ages,
    long_with_ages_and_sexes,
    snapshot,
    wide,
    wide_folkmangd,
    wide_with_ages,
)

pytestmark = pytest.mark.django_db

LAYOUTS = [
    wide,
    wide_folkmangd,
    wide_with_ages,
    long,
    long_with_ages,
    long_with_ages_and_sexes,
]
ENCODINGS = {"utf8-bom": "utf-8-sig", "latin1": "cp1252", "utf8": "utf-8"}


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "separator", [";", ",", "\t"], ids=["semicolon", "comma", "tab"]
)
@pytest.mark.parametrize("encoding", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_scb_layouts_give_the_right_figures(
    federation, sjuharad, ekonom, layout, separator, encoding
):
    raw = layout(separator).encode(encoding)

    result = import_population(federation, raw, by=ekonom, source="SCB")

    assert figures(2025) == EXPECTED_2025
    assert figures(2025)["1490"] == 114_017  # Borås, not 2 025
    assert (result.created, result.skipped_codes) == (8, ())


def test_the_plan_names_the_title_and_layout(federation, sjuharad):
    plan = plan_population_import(
        federation, long_with_ages_and_sexes(";").encode(), source="SCB"
    )

    assert (plan.title, plan.layout, plan.needs_confirmation) == (
        "",
        "lång, summerad över åldrar, summerad över kön",
        False,
    )
    borås = next(c for c in plan.changes if c.kommunkod == "1490")
    assert (borås.population, borås.previous, borås.stored) == (114_017, 113_000, None)


def test_rows_of_regions_that_are_not_members_are_skipped_and_listed(
    federation, sjuharad, ekonom
):
    raw = (wide(";") + "").replace(
        '"1442 Vårgårda"', '"00 Riket";10587710;10612086\r\n"1442 Vårgårda"'
    )

    result = import_population(federation, raw.encode(), by=ekonom, source="SCB")

    assert result.skipped_codes == ("00",)
    assert figures(2025) == EXPECTED_2025


def test_a_region_given_by_name_only_is_matched_by_name(federation, sjuharad, ekonom):
    raw = '"region";"år";"folkmängd"\n"Borås";"2025";"114 017"\n"Mark";2025;35315\n'

    import_population(federation, raw.encode(), by=ekonom, source="SCB")

    assert figures(2025) == {"1490": 114_017, "1463": 35_315}


LONG_HEADER = '"region";"år";"folkmängd"\n'
REFUSALS = {
    "unknown header": (
        b"region;alder;year;pop\n1490 Bor\xe5s;2025;113000\n",
        [
            "Filens rubrikrad är inte en som den här importen känner igen: "
            "”region;alder;year;pop”. " + HEADER_SHOWN
        ],
    ),
    "a column SCB can add but the import does not sum": (
        (
            '"region";"civilstånd";"år";"folkmängd"\n"1490 Borås";"ogifta";2025;1\n'
        ).encode(),
        [
            "Filens rubrikrad är inte en som den här importen känner igen: "
            '”"region";"civilstånd";"år";"folkmängd"”. ' + HEADER_SHOWN
        ],
    ),
    "wide with an extra column": (
        b"region;2024;2025;kommentar\n1490 Bor\xe5s;113000;114017;ok\n",
        [
            "Filens rubrikrad är inte en som den här importen känner igen: "
            "”region;2024;2025;kommentar”. " + HEADER_SHOWN
        ],
    ),
    "wide with the same year twice": (
        b"region;2025;folkm\xe4ngd 2025\n1490 Bor\xe5s;114017;114017\n",
        [
            "Filens rubrikrad är inte en som den här importen känner igen: "
            "”region;2025;folkmängd 2025”. " + HEADER_SHOWN
        ],
    ),
    "a title line that is not SCB's": (
        b"Befolkning i kommunerna\nregion;2025\n1490 Bor\xe5s;114017\n",
        [
            "Filens rubrikrad är inte en som den här importen känner igen: "
            "”Befolkning i kommunerna”. " + HEADER_SHOWN
        ],
    ),
    "a year column holding text": (
        (LONG_HEADER + '"1490 Borås";"tjugofem";114017\n').encode(),
        ['Rad 2: "tjugofem" är inte ett årtal som 2024.'],
    ),
    "a monthly table": (
        (LONG_HEADER + '"1490 Borås";"2025M12";114017\n').encode(),
        ['Rad 2: "2025M12" är inte ett årtal som 2024.'],
    ),
    "a kommun twice in a year": (
        (LONG_HEADER + '"1490 Borås";2025;114017\n"1490 Borås";2025;2025\n').encode(),
        ["Rad 3: 1490 Borås 2025 förekommer två gånger."],
    ),
    "the same kommun by code and by name": (
        (LONG_HEADER + '"1490 Borås";2025;114017\n"Borås";2025;114017\n').encode(),
        ["Rad 3: Borås 2025 finns också på rad 2."],
    ),
    "a formula instead of a number": (
        (LONG_HEADER + '"1490 Borås";2025;"=1+2"\n').encode(),
        ['Rad 2 (1490 Borås), 2025: "=1+2" är inte en folkmängd.'],
    ),
    "digits that are not ASCII": (
        (LONG_HEADER + '"1490 Borås";2025;"١١٤٠١٧"\n').encode(),
        ['Rad 2 (1490 Borås), 2025: "١١٤٠١٧" är inte en folkmängd.'],
    ),
    "a point grouping thousands": (
        (LONG_HEADER + '"1490 Borås";2025;"114.017"\n').encode(),
        ['Rad 2 (1490 Borås), 2025: "114.017" är inte en folkmängd.'],
    ),
    "a kommun that is not a member, by name": (
        (LONG_HEADER + '"Varberg";2025;66460\n').encode(),
        [
            'Rad 2: "Varberg" är ingen medlem i förbundet. Skriv den som SCB gör, '
            'med koden: "1490 Borås".'
        ],
    ),
    "a code and the name of another member": (
        (LONG_HEADER + '"1490 Mark";2025;35315\n').encode(),
        [
            'Rad 2: koden och namnet i "1490 Mark" är olika medlemmar (namnet är '
            "1463 Marks kommun)."
        ],
    ),
    "ages that do not reach the open group": (
        (
            '"region";"ålder";"år";"folkmängd"\n'
            '"1490 Borås";"0-49 år";2025;60000\n'
            '"1490 Borås";"50-99 år";2025;53000\n'
        ).encode(),
        [
            "Rad 2: åldrarna för 1490 Borås 2025 täcker inte varje ålder exakt en "
            "gång, från 0 år till en öppen grupp som ”100+ år”, så deras summa "
            "vore inte folkmängden."
        ],
    ),
    "a total together with its parts": (
        (
            '"region";"ålder";"år";"folkmängd"\n'
            '"1490 Borås";"totalt ålder";2025;114017\n'
            '"1490 Borås";"0-49 år";2025;60000\n'
            '"1490 Borås";"50+ år";2025;54017\n'
        ).encode(),
        [
            "Rad 2: åldrarna för 1490 Borås 2025 täcker inte varje ålder exakt en "
            "gång, från 0 år till en öppen grupp som ”100+ år”, så deras summa "
            "vore inte folkmängden."
        ],
    ),
    "men only": (
        '"region";"kön";"år";"folkmängd"\n"1490 Borås";"män";2025;57000\n'.encode(),
        ["Rad 2: 1490 Borås 2025 måste ha både män och kvinnor, eller bara totalen."],
    ),
    "an age that is not one": (
        '"region";"ålder";"år";"folkmängd"\n"1490 Borås";"vuxna";2025;1\n'.encode(),
        ['Rad 2: "vuxna" är inte en ålder som "5 år", "0-4 år" eller "100+ år".'],
    ),
    "a row with more columns than the header": (
        (LONG_HEADER + '"1490 Borås";2025;114017;"x"\n').encode(),
        ["Rad 2 har 4 kolumner; rubrikraden har 3."],
    ),
    "data after the table's blank row": (
        (LONG_HEADER + '"1490 Borås";2025;114017\n\n"1463 Mark";2025;35315\n').encode(),
        [
            "Rad 4: tabellen slutade med den tomma raden ovanför; efter den får bara "
            "en anmärkning i en enda cell följa."
        ],
    ),
    "a BOM before Latin-1": (
        b"\xef\xbb\xbfregion;2025\n1490 Bor\xe5s;114017\n",
        [
            "Filen börjar som UTF-8 men byte 24 är inte UTF-8. Spara filen igen som "
            "UTF-8 eller som Latin-1."
        ],
    ),
    "UTF-8 and Latin-1 in one file": (
        "region;2025\n1490 Borås;114017\n".encode() + b"1463 Mark\xe9;35315\n",
        [
            "Filen blandar UTF-8 och Latin-1 (till exempel ”Ã¥” för ”å”). Spara den "
            "igen i en enda teckenkodning."
        ],
    ),
    "UTF-16": (
        "region;2025\n1490 Borås;114017\n".encode("utf-16"),
        ["Filen är ingen textfil (eller är sparad som UTF-16). Spara den som CSV."],
    ),
    "an empty file": (
        b"",
        ["Filen är tom."],
    ),
}


@pytest.mark.parametrize(("raw", "expected"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_file_that_would_need_a_guess_is_refused_and_nothing_changes(
    federation, sjuharad, ekonom, raw, expected
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        import_population(federation, raw, by=ekonom, source="SCB")

    assert refused.value.messages == expected
    assert snapshot() == before


def test_a_huge_file_is_refused_by_its_rows(federation, sjuharad, ekonom):
    raw = LONG_HEADER.encode() + b"\n" * 100_001
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        import_population(federation, raw, by=ekonom, source="SCB")

    assert refused.value.messages == [
        "Filen är för stor: högst 5 MB och 100\xa0000 rader."
    ]
    assert snapshot() == before


def test_many_bad_rows_give_fifty_messages_and_a_count(federation, sjuharad, ekonom):
    raw = (LONG_HEADER + '"1490 Borås";2025;"x"\n' * 60).encode()

    with pytest.raises(ValidationError) as refused:
        import_population(federation, raw, by=ekonom, source="SCB")

    assert len(refused.value.messages) == 51
    assert refused.value.messages[-1] == "… och 10 fel till."


def test_a_halved_population_is_not_saved_without_confirmation(
    federation, sjuharad, ekonom
):
    before = snapshot()

    with pytest.raises(ValidationError) as refused:
        import_population(federation, HALVED.encode(), by=ekonom, source="SCB")

    assert refused.value.messages == [
        "Några siffror ändras med mer än 10 %; bekräfta dem först."
    ]
    assert snapshot() == before


def test_a_halved_population_is_saved_when_its_plan_is_confirmed(
    federation, sjuharad, ekonom
):
    plan = plan_population_import(federation, HALVED.encode(), source="SCB")

    result = import_population(
        federation, HALVED.encode(), by=ekonom, source="SCB", confirmed=plan.digest
    )

    assert [(c.kommunkod, c.is_large) for c in plan.changes] == [
        ("1490", True),
        ("1463", False),
    ]
    assert result.created == 2
    assert figures(2025) == {"1490": 56_500, "1463": 35_315}


def test_a_correction_of_more_than_ten_per_cent_needs_confirmation(
    federation, sjuharad
):
    raw = '"region";"år";"folkmängd"\n"1490 Borås";2024;13000\n'.encode()

    plan = plan_population_import(federation, raw, source="SCB")

    assert [(c.stored, c.previous, c.is_large) for c in plan.changes] == [
        (113_000, None, True)
    ]


def test_the_year_before_in_the_file_counts_before_the_stored_one(federation, sjuharad):
    raw = (
        '"region";"2024";"2025"\n"1490 Borås";60000;61000\n'.encode()
    )  # 2024 halved (large), 2025 close to the file's 2024

    plan = plan_population_import(federation, raw, source="SCB")

    assert [(c.year, c.previous, c.is_large) for c in plan.changes] == [
        (2024, None, True),
        (2025, 60_000, False),
    ]


def test_a_confirmation_of_another_plan_saves_nothing(federation, sjuharad, ekonom):
    other = HALVED.replace("56500", "50000").encode()
    digest_of_other = plan_population_import(federation, other, source="SCB").digest
    before = snapshot()

    with pytest.raises(ValidationError):
        import_population(
            federation,
            HALVED.encode(),
            by=ekonom,
            source="SCB",
            confirmed=digest_of_other,
        )

    assert snapshot() == before
