"""Demo uppföljning, from the reference documents.

Sjuhärad: the internkontrollplan 2023 with its results (internkontrollplan-
sjuharad-2023.txt, Bilaga 1 of the årsbokslut: 24 granskningsområden, every
kontrollmoment with its metod, frekvens and ansvarig; no avvikelser were reported)
and the 17 mål och uppdrag 2023 with their uppföljning 2023-12-31
(mal-och-uppdrag-sjuharad-2023.txt: 15 uppnådda, two delvis uppnådda). Where the
reference gives one frekvens or ansvarig for several kontrollmoment of a row, each
moment carries it. The plan's § is not in the reference and is left empty.

Västmanland: Region Västmanland's question template for the Resultatredovisning av
det regionala utvecklingsarbetet (resultatredovisning-vastmanland-2025.txt), with a
few answers of 2025 as the extracted report has them, Word's prompt
"Klicka här för att ange text." included, so that the completeness check has
something to show. Safe to run again.
"""

import csv
from pathlib import Path

from federation.models import Body, Federation

from .models import (
    ControlArea,
    ControlPlan,
    ControlPoint,
    Goal,
    ReportAnswer,
    ReportArea,
    ReportQuestion,
    ReportTemplate,
)

HERE = Path(__file__).resolve().parent
PLAN_INTRODUCTION = (
    "Färgerna hänvisar till resultatet av risk- och väsentlighetsanalysen. "
    "Avvikelser följs upp inom en 6-månadersperiod efter att internkontrollen "
    "genomförts. Avrapportering görs till Direktionen i samband med årsbokslut."
)
REPORT_TITLE = "Resultatredovisning av det regionala utvecklingsarbetet"
PLACEHOLDER = "Klicka här för att ange text."
# (question number, Ja/Nej, text, evidence) of the 2025 report, as extracted.
ANSWERS_2025 = [
    (
        "1.4",
        None,
        "Seniorhälsovårdsprogrammet har startats upp på åtta vårdcentraler i "
        "Västmanland under hösten 2025. Fortsatt implementering på länets övriga "
        "vårdcentraler under 2026.",
        [],
    ),
    ("1.5", None, PLACEHOLDER, []),
    (
        "3.5",
        None,
        "Långsiktiga investeringar för att stötta exporten i länet visar resultat. "
        "Resultatet baseras på analys av länets exportvärde.",
        ["uppföljning", "egen bedömning"],
    ),
    (
        "5.1 a",
        True,
        "RUS är styrande för arbetet med anslaget 1:1.",
        [],
    ),
    (
        "5.1 b",
        True,
        "Region Västmanland deltar aktivt i genomförandet av programmet för "
        "europeiska regionala utvecklingsfonden (ERUF).",
        [],
    ),
    ("5.1 c", False, PLACEHOLDER, []),
]


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(context: dict) -> None:
    sjuharad = Federation.objects.filter(slug="sjuharad").first()
    if sjuharad is not None:
        load_control_plan_2023(sjuharad)
        load_goals_2023(sjuharad)
    vastmanland = Federation.objects.filter(slug="vastmanland").first()
    if vastmanland is not None:
        template = load_report_template(vastmanland)
        load_answers(template, 2025)


def load_control_plan_2023(federation: Federation) -> ControlPlan:
    plan, created = ControlPlan.objects.get_or_create(
        federation=federation,
        year=2023,
        defaults={
            "title": f"Internkontrollplan 2023 {federation.name}",
            "decided_by": Body.objects.filter(
                federation=federation, short_name="Direktion"
            ).first(),
            "introduction": PLAN_INTRODUCTION,
        },
    )
    if not created:
        return plan
    areas: dict[int, ControlArea] = {}
    for row in _rows("demo_control_plan.csv"):
        number = int(row["number"])
        if number not in areas:
            areas[number] = ControlArea.objects.create(
                plan=plan,
                number=number,
                section=row["section"],
                name=row["area"],
                result=row["result"],
            )
        area = areas[number]
        ControlPoint.objects.create(
            area=area,
            position=area.points.count() + 1,
            description=row["point"],
            method=row["method"],
            frequency=row["frequency"],
            responsible=row["responsible"],
        )
    return plan


def load_goals_2023(federation: Federation) -> None:
    if Goal.objects.filter(federation=federation, year=2023).exists():
        return
    for position, row in enumerate(_rows("demo_goals.csv"), start=1):
        Goal.objects.create(
            federation=federation,
            year=2023,
            position=position,
            unit=row["unit"],
            title=row["title"],
            status=row["status"],
            comment=row["comment"],
        )


def load_report_template(federation: Federation) -> ReportTemplate:
    template, created = ReportTemplate.objects.get_or_create(
        federation=federation,
        title=REPORT_TITLE,
        defaults={"recipient": "Region Västmanland"},
    )
    if not created:
        return template
    areas: dict[int, ReportArea] = {}
    for position, row in enumerate(_rows("demo_report_questions.csv"), start=1):
        number = int(row["area"])
        if number not in areas:
            areas[number] = ReportArea.objects.create(
                template=template, number=number, title=row["area_title"]
            )
        ReportQuestion.objects.create(
            area=areas[number],
            position=position,
            number=row["number"],
            text=row["text"],
            kind=row["kind"],
            condition_text=row["condition_text"],
            result_kind=row["result_kind"],
            asks_evidence=row["asks_evidence"] == "ja",
        )
    return template


def load_answers(template: ReportTemplate, year: int) -> None:
    questions = {
        q.number: q for q in ReportQuestion.objects.filter(area__template=template)
    }
    for number, yes_no, text, evidence in ANSWERS_2025:
        ReportAnswer.objects.get_or_create(
            question=questions[number],
            year=year,
            defaults={"yes_no": yes_no, "text": text, "evidence": evidence},
        )
