import datetime
import re
import time
from pathlib import Path

import pytest

from cases import demo as cases_demo
from cases.models import Case, DelegationDecision, Document
from cases.services import notification_list
from federation import demo as federation_demo

REFERENCE = Path("/work/shared/reference/anmalningsarenden-2024-03-01.txt")


@pytest.fixture
def loaded(db):
    context = federation_demo.load({})
    started = time.monotonic()
    context |= cases_demo.load(context)
    context["seconds"] = time.monotonic() - started
    return context


def _normalised(line: str) -> str:
    return " ".join(line.replace(",", " ").split())


def test_demo_loads_fast_and_twice_creates_nothing(loaded):
    counts = (
        Case.objects.count(),
        Document.objects.count(),
        DelegationDecision.objects.count(),
    )

    again = cases_demo.load(loaded)

    assert loaded["seconds"] < 20
    assert counts == (14, 65, 7)
    assert (
        Case.objects.count(),
        Document.objects.count(),
        DelegationDecision.objects.count(),
    ) == counts
    assert again["cases"]["brvux"] == loaded["cases"]["brvux"]


def test_demo_gives_the_march_meeting_its_cases(loaded):
    cases = loaded["cases"]

    ready = sorted(k for k, c in cases.items() if c.status == Case.Status.READY)

    assert ready == [
        "arsbokslut_2023",
        "brvux",
        "fyllnadsval_v",
        "fyllnadsval_vok",
        "naturbruk",
        "remissvar_transportplan",
    ]
    assert cases["brvux"].diarienummer.startswith("BRS 2023-")


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference list is not here")
def test_demo_reproduces_the_reference_anmalningsarenden(loaded):
    listing = notification_list(
        loaded["sjuharad"],
        since=datetime.date(2023, 12, 9),
        until=datetime.date(2024, 2, 23),
    )
    ours = [
        _normalised(line)
        for line in listing.as_text().splitlines()
        if re.match(r"^\d{6} \d+\. ", line)
    ]
    reference = [
        _normalised(line)
        for line in REFERENCE.read_text().splitlines()
        if re.match(r"^\d{6} \d+\. ", line)
    ]

    assert len(ours) == len(reference) == 52
    mismatches = [
        (r, o) for r, o in zip(reference, ours, strict=True) if not o.startswith(r)
    ]
    assert mismatches == []
