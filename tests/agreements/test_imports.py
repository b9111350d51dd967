"""Import of a register of agreements from CSV: all rows or none."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.imports import import_register_csv
from agreements.models import Agreement
from tests.factories import MemberFactory

HEADER = "titel;typ;gäller_från;gäller_till;uppsägningstid;parter\n"


@pytest.fixture
def members(federation):
    return [
        MemberFactory(federation=federation, name="Arboga kommun", kommunkod="1984"),
        MemberFactory(
            federation=federation,
            name="Region Västmanland",
            kommunkod="19",
            kind="region",
        ),
    ]


def test_import_creates_agreements_with_members_and_external_parties(
    federation, members, chef
):
    text = HEADER + (
        "STARK;Samverkansavtal;2025-10-01;2028-09-30;6;"
        "1984|Mälardalens universitet\n"
        "SRB;Överenskommelse;2023-05-01;;;1984|Region Västmanland\n"
    )

    created = import_register_csv(federation, text, by=chef)

    assert [
        (a.title, a.kind, a.valid_from, a.valid_to, a.notice_months) for a in created
    ] == [
        (
            "STARK",
            "samverkansavtal",
            datetime.date(2025, 10, 1),
            datetime.date(2028, 9, 30),
            6,
        ),
        ("SRB", "overenskommelse", datetime.date(2023, 5, 1), None, None),
    ]
    assert [(p.name, p.deciding_body) for p in created[1].parties.all()] == [
        ("Arboga kommun", "kommunfullmaktige"),
        ("Region Västmanland", "regionfullmaktige"),
    ]
    assert [p.name for p in created[0].parties.all()] == [
        "Arboga kommun",
        "Mälardalens universitet",
    ]


def test_a_start_date_that_is_not_a_date_refuses_the_whole_file(
    federation, members, chef
):
    text = HEADER + (
        "STARK;Samverkansavtal;2025-10-01;2028-09-30;6;1984\n"
        "SRB;Överenskommelse;1 xx 2023;;;1984|19\n"
    )

    with pytest.raises(ValidationError) as error:
        import_register_csv(federation, text, by=chef)

    assert error.value.messages == [
        "Rad 3: Gäller från måste vara ett verkligt datum skrivet ÅÅÅÅ-MM-DD, "
        "inte ”1 xx 2023”."
    ]
    assert Agreement.objects.count() == 0


def test_import_page_shows_row_errors(client, chef, federation, members):
    client.force_login(chef)
    upload = SimpleUploadedFile(
        "avtal.csv", (HEADER + "X;Okänd typ;2024-01-01;;;1984\n").encode()
    )

    response = client.post(
        reverse("agreements:agreement_import", args=[federation.slug]),
        {"file": upload},
    )

    assert response.context["form"].non_field_errors() == [
        "Rad 2: Okänd typ ”Okänd typ”."
    ]
    assert Agreement.objects.count() == 0


def test_import_page_is_for_the_chef_only(client, ekonom, federation):
    client.force_login(ekonom)

    response = client.get(
        reverse("agreements:agreement_import", args=[federation.slug])
    )

    assert response.status_code == 403


def _snapshot() -> tuple:
    return (
        list(Agreement.objects.order_by("pk").values_list("pk", "title")),
        Agreement.history.count(),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "titel;typ;gäller_från;gäller_till;uppsägningstid;parter;kommentar\n"
            "X;Samverkansavtal;2024-01-01;;;1984;ok\n",
            [
                "Filens rubrikrad är inte en som den här importen känner igen: "
                "”titel;typ;gäller_från;gäller_till;uppsägningstid;parter;kommentar”. "
                "Godkänd rubrikrad: titel;typ;gäller_från;gäller_till;"
                "uppsägningstid;parter."
            ],
        ),
        (
            HEADER + "X;Samverkansavtal;2024-01-01;;;1984;extra\n",
            ["Rad 2 har 7 kolumner; rubrikraden har 6."],
        ),
        (
            HEADER + "X;Samverkansavtal;2024-01-01;;;1985\n",
            ["Rad 2: ”1985” är inte koden för en medlem."],
        ),
        (
            HEADER + "X;Samverkansavtal;2024-01-01;;٣;1984\n",
            ["Rad 2: Uppsägningstiden måste vara ett antal månader."],
        ),
        (
            HEADER
            + "X;Samverkansavtal;2024-01-01;;;1984\n"
            + "X;Samverkansavtal;2024-01-01;;;19\n",
            ["Rad 3: ”X” från 2024-01-01 finns redan i registret."],
        ),
    ],
    ids=["unknown column", "extra cell", "unknown code", "digits", "twice"],
)
def test_a_register_that_would_need_a_guess_is_refused(
    federation, members, chef, text, expected
):
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        import_register_csv(federation, text, by=chef)

    assert refused.value.messages == expected
    assert _snapshot() == before


def test_the_same_file_imported_twice_imports_nothing_the_second_time(
    federation, members, chef
):
    text = HEADER + "STARK;Samverkansavtal;2025-10-01;;6;1984|arboga kommun\n"
    text = text.replace("|arboga kommun", "|Mälardalens universitet")
    import_register_csv(federation, text, by=chef)
    before = _snapshot()

    with pytest.raises(ValidationError) as refused:
        import_register_csv(federation, text, by=chef)

    assert refused.value.messages == [
        "Rad 2: ”STARK” från 2025-10-01 finns redan i registret."
    ]
    assert _snapshot() == before


def test_import_page_reads_latin1_with_commas(client, chef, federation, members):
    client.force_login(chef)
    text = (
        HEADER.replace(";", ",")
        + "Räddningstjänst,Samverkansavtal,2024-01-01,,12,arboga kommun\n"
    )
    upload = SimpleUploadedFile("avtal.csv", text.encode("cp1252"))

    response = client.post(
        reverse("agreements:agreement_import", args=[federation.slug]),
        {"file": upload},
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.title, [p.name for p in agreement.parties.all()]) == (
        "Räddningstjänst",
        ["Arboga kommun"],
    )
