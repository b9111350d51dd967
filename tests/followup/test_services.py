"""The rules of uppföljning: the goal summary, the six-month follow-up, the Word
prompts and the completeness check; and the demo against the reference documents."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from followup import services
from followup.demo import (
    load_answers,
    load_control_plan_2023,
    load_goals_2023,
    load_report_template,
)
from followup.models import (
    ControlPlan,
    Deviation,
    Goal,
    ReportAnswer,
    ReportQuestion,
    ReportTemplate,
)

HERE = Path(__file__).parent
S = Goal.Status


def _goals(*statuses: str) -> list[Goal]:
    return [Goal(title=str(i), status=s) for i, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "sentence"),
    [
        (
            [S.ACHIEVED] * 15 + [S.PARTLY] * 2,
            "15 av 17 uppnådda och två delvis uppnådda",
        ),
        ([S.ACHIEVED] * 3, "3 av 3 uppnådda"),
        (
            [S.ACHIEVED] * 10 + [S.PARTLY, S.NOT_ACHIEVED],
            "10 av 12 uppnådda, ett delvis uppnått och ett ej uppnått",
        ),
        (
            [S.ACHIEVED] + [S.NOT_ACHIEVED] * 13 + [S.NOT_ASSESSED] * 2,
            "1 av 16 uppnådda, 13 ej uppnådda och två ännu inte bedömda",
        ),
        ([], ""),
    ],
)
def test_the_summary_sentence_counts_the_statuses(statuses, sentence):
    assert services.goal_summary(_goals(*statuses)) == sentence


def test_the_demo_goals_2023_are_the_reference_follow_up(federation):
    load_goals_2023(federation)
    load_goals_2023(federation)  # safe to run again
    goals = services.year_goals(federation, 2023)
    assert len(goals) == 17
    assert services.goal_summary(goals) == "15 av 17 uppnådda och två delvis uppnådda"
    partly = [g.title for g in goals if g.status == S.PARTLY]
    assert partly == [
        "Skapa förutsättningar för att behov och utbud av kompetens möts",
        "Tillsammans med Närvårdskontoret hålla samman ett omställningsarbete för "
        "att stärka kommunerna och regionens verksamheter i arbetet med "
        "samsjuklighet med utgångspunkt i samsjuklighetsutredningen",
    ]
    assert [g.unit for g in goals].count("Regional utveckling") == 12
    assert [g.unit for g in goals].count("Välfärdsutveckling") == 5
    # Each comment is the reference's uppföljning and ends with its verdict.
    for goal in goals:
        verdict = "delvis uppnått" if goal.status == S.PARTLY else "uppn"
        assert verdict in goal.comment or "Målet är nått." in goal.comment
    assert goals[0].comment.startswith("Första delen av projektet Strategisk")


def test_the_demo_control_plan_2023_is_the_reference_plan(federation):
    plan = load_control_plan_2023(federation)
    load_control_plan_2023(federation)
    assert ControlPlan.objects.filter(federation=federation).count() == 1
    areas = list(plan.areas.prefetch_related("points"))
    assert [a.number for a in areas] == list(range(1, 25))
    assert sum(len(a.points.all()) for a in areas) == 34
    assert {a.section for a in areas} == {"Ekonomi och administration", "Styrdokument"}
    assert [a.number for a in areas if a.section == "Styrdokument"] == list(
        range(16, 25)
    )
    by_number = {a.number: a for a in areas}
    assert by_number[24].result == "Arbete pågår enligt plan"
    assert by_number[21].result.startswith("Revidering av personalhandboken")
    personal = list(by_number[21].points.all())
    assert [p.method for p in personal] == [
        "Uppföljning av introduktion och genomgång på APT",
        "Riskanalys",
    ]
    assert [p.responsible for p in personal] == [
        "Administrativ chef",
        "Förbundsdirektör",
    ]
    assert by_number[11].points.get().responsible == "Ekonom Navet"
    assert by_number[13].points.get().frequency == "Månadsvis"
    assert by_number[22].points.get().responsible == "Skyddskommittén"
    results = [a.result for a in areas]
    assert results.count("Utan anmärkning") == 15
    assert not Deviation.objects.filter(area__plan=plan).exists()


def test_a_deviation_is_followed_up_within_six_months(federation):
    plan = load_control_plan_2023(federation)
    area = plan.areas.get(number=7)
    found = datetime.date(2023, 8, 31)
    deviation = services.record_deviation(area, description="Fel lön", found_on=found)
    assert deviation.follow_up_by == datetime.date(2024, 2, 29)
    with pytest.raises(ValidationError):
        services.record_deviation(
            area,
            description="Fel lön",
            found_on=found,
            follow_up_by=datetime.date(2024, 3, 1),
        )
    with pytest.raises(ValidationError):
        services.record_deviation(area, description="  ", found_on=found)
    assert Deviation.objects.count() == 1


def test_every_placeholder_of_the_family_is_found_in_the_test_file():
    text = (HERE / "three_placeholders.txt").read_text(encoding="utf-8")
    found = services.find_placeholders(text)
    assert len(found) == 3
    assert found[0] == "Klicka hä r fö r att ange text."
    assert found[2] == "Välj ett objekt."
    assert services.find_placeholders("Klicka här för att ange ett datum.") == [
        "Klicka här för att ange ett datum."
    ]
    assert services.find_placeholders("Vi valde ett objekt och klickade här.") == []


def _template(federation) -> ReportTemplate:
    return load_report_template(federation)


def test_the_reference_template_is_imported(federation):
    template = _template(federation)
    assert _template(federation) == template
    questions = services.questions_of(template)
    assert len(questions) == 30
    assert [a.number for a in template.areas.all()] == [1, 2, 3, 4, 5, 6]
    assert template.areas.get(number=5).title == (
        "Anslag 1:1 Regionala utvecklingsåtgärder"
    )
    numbers = [q.number for q in questions]
    assert numbers[:5] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    yes_no = [q.number for q in questions if q.kind == ReportQuestion.Kind.YES_NO]
    assert yes_no == ["5.1 a", "5.1 b", "5.1 c"]
    effects = [q.number for q in questions if q.asks_evidence]
    assert effects == ["1.5", "2.7", "3.5", "4.5"]
    outputs = [q.number for q in questions if q.result_kind == "prestationer"]
    assert outputs == ["1.4", "2.6", "3.4", "4.4"]
    assert sum(q.text.startswith("Beskriv") for q in questions) == 23


def test_the_completeness_check_lists_what_is_left(federation):
    template = _template(federation)
    load_answers(template, 2025)
    check = services.check_completeness(template, 2025)
    assert [(q.number, t) for q, t in check.placeholders] == [
        ("1.5", "Klicka här för att ange text."),
        ("5.1 c", "Klicka här för att ange text."),
    ]
    unanswered = [q.number for q in check.unanswered]
    assert "1.5" in unanswered
    assert "5.1 c" in unanswered
    assert "1.4" not in unanswered
    assert "5.1 a" not in unanswered
    assert len(unanswered) == 30 - 4
    assert check.missing_evidence == []
    assert check.unknown_evidence == []
    # An answer without its evidence basis, and one outside the list (an import).
    q27 = ReportQuestion.objects.get(area__template=template, number="2.7")
    services.save_answer(q27, 2025, text="Ökad kapacitet för validering.")
    q45 = ReportQuestion.objects.get(area__template=template, number="4.5")
    ReportAnswer.objects.create(
        question=q45, year=2025, text="Effekter på sikt.", evidence=["gissning"]
    )
    check = services.check_completeness(template, 2025)
    assert [q.number for q in check.missing_evidence] == ["2.7"]
    assert [(q.number, v) for q, v in check.unknown_evidence] == [("4.5", "gissning")]
    assert not check.complete


def test_three_placeholders_in_answers_are_all_listed(federation):
    template = _template(federation)
    text = (HERE / "three_placeholders.txt").read_text(encoding="utf-8")
    question = ReportQuestion.objects.get(area__template=template, number="1.1")
    services.save_answer(question, 2026, text=text)
    check = services.check_completeness(template, 2026)
    assert len(check.placeholders) == 3


def test_an_answer_takes_evidence_only_from_the_list(federation):
    template = _template(federation)
    question = ReportQuestion.objects.get(area__template=template, number="1.5")
    with pytest.raises(ValidationError):
        services.save_answer(question, 2025, text="x", evidence=["gissning"])
    assert not ReportAnswer.objects.exists()
    answer = services.save_answer(
        question, 2025, text="x", evidence=["utvärdering", "egen bedömning"]
    )
    assert answer.evidence == ["utvärdering", "egen bedömning"]
    yes_no = ReportQuestion.objects.get(area__template=template, number="5.1 c")
    services.save_answer(yes_no, 2025, text="Inga Interreg-projekt.", yes_no=False)
    check = services.check_completeness(template, 2025)
    assert "5.1 c" not in [q.number for q in check.unanswered]


def test_a_yes_no_question_without_its_choice_is_unanswered(federation):
    template = _template(federation)
    yes_no = ReportQuestion.objects.get(area__template=template, number="5.1 a")
    services.save_answer(yes_no, 2025, text="RUS är styrande.", yes_no=None)
    check = services.check_completeness(template, 2025)
    assert "5.1 a" in [q.number for q in check.unanswered]
