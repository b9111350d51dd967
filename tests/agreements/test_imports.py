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
