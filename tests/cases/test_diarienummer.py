import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from cases.models import Case
from cases.services import open_case
from tests.factories import FederationFactory


def test_open_case_numbers_from_one_with_prefix_and_year(federation, chef):
    first = open_case(
        federation,
        title="Fyllnadsval",
        handlaggare=chef,
        by=chef,
        opened_on=datetime.date(2024, 1, 10),
    )
    second = open_case(
        federation,
        title="Årsbokslut",
        handlaggare=None,
        by=chef,
        opened_on=datetime.date(2024, 2, 1),
    )

    assert [first.diarienummer, second.diarienummer] == ["TF 2024-1", "TF 2024-2"]
    assert (second.year, second.number) == (2024, 2)


def test_open_case_restarts_each_year_and_per_federation(federation, chef):
    other = FederationFactory(slug="brs", diarium_prefix="BRS")
    open_case(
        federation,
        title="A",
        handlaggare=None,
        by=chef,
        opened_on=datetime.date(2023, 12, 30),
    )

    new_year = open_case(
        federation,
        title="B",
        handlaggare=None,
        by=chef,
        opened_on=datetime.date(2024, 1, 2),
    )
    elsewhere = open_case(
        other, title="C", handlaggare=None, by=chef, opened_on=datetime.date(2024, 1, 2)
    )

    assert new_year.diarienummer == "TF 2024-1"
    assert elsewhere.diarienummer == "BRS 2024-1"


def test_open_case_rolled_back_gives_the_number_back(federation, chef):
    day = datetime.date(2024, 3, 1)
    open_case(federation, title="A", handlaggare=None, by=chef, opened_on=day)

    @transaction.atomic
    def open_then_fail() -> None:
        open_case(federation, title="B", handlaggare=None, by=chef, opened_on=day)
        raise RuntimeError

    with pytest.raises(RuntimeError):
        open_then_fail()

    after = open_case(federation, title="C", handlaggare=None, by=chef, opened_on=day)

    assert after.diarienummer == "TF 2024-2"


def test_open_case_records_history_with_user(federation, chef):
    case = open_case(federation, title="A", handlaggare=chef, by=chef)

    record = case.history.get()

    assert (record.history_user, record.history_change_reason) == (chef, "open_case")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers; the row lock is proven on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_open_case_is_gap_free_under_concurrency():
    federation = FederationFactory(slug="samtidigt", diarium_prefix="BRS")
    day = datetime.date(2024, 5, 2)
    barrier = threading.Barrier(20)
    errors: list[Exception] = []

    def worker(index: int) -> None:
        try:
            barrier.wait()
            open_case(
                federation,
                title=f"Ärende {index}",
                handlaggare=None,
                by=None,
                opened_on=day,
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = sorted(
        Case.objects.filter(federation=federation).values_list("number", flat=True)
    )
    assert errors == []
    assert numbers == list(range(1, 21))
