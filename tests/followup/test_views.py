"""The uppföljning pages: who reads and who records, the PDF and Word exports, and
another förbund's ids."""

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from followup.demo import (
    load_answers,
    load_control_plan_2023,
    load_goals_2023,
    load_report_template,
)
from followup.models import Goal, ReportAnswer, ReportQuestion
from tests.factories import FederationFactory


@pytest.fixture
def demo(federation):
    load_control_plan_2023(federation)
    load_goals_2023(federation)
    template = load_report_template(federation)
    load_answers(template, 2025)
    return template


def _url(name, federation, *args):
    return reverse(f"followup:{name}", args=[federation.slug, *args])


def test_a_ledamot_reads_the_plan_goals_and_report(client, federation, ledamot, demo):
    client.force_login(ledamot)
    page = client.get(_url("control_plan", federation, 2023)).content.decode()
    assert "Dataskyddsförordningen" in page
    assert "Arbete pågår enligt plan" in page
    page = client.get(_url("goals", federation, 2023)).content.decode()
    assert "15 av 17 uppnådda och två delvis uppnådda" in page
    page = client.get(_url("report", federation, demo.pk, 2025)).content.decode()
    assert "Klicka här för att ange text." in page
    assert (
        client.get(_url("goal_edit", federation, Goal.objects.first().pk)).status_code
        == 403
    )


def test_the_plan_pdf_and_the_report_as_pdf_and_word(client, federation, chef, demo):
    client.force_login(chef)
    response = client.get(_url("control_plan_pdf", federation, 2023))
    assert response.status_code == 200
    assert b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).startswith(b"%PDF")
    response = client.get(_url("report_download", federation, demo.pk, 2025, "pdf"))
    assert response.status_code == 200
    response = client.get(_url("report_download", federation, demo.pk, 2025, "docx"))
    document = WordDocument(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "5.1 c Har anslaget bidragit" in text
    assert "Ja ☐  Nej ☒" in text
    assert (
        client.get(
            _url("report_download", federation, demo.pk, 2025, "exe")
        ).status_code
        == 404
    )


def test_the_chef_assesses_a_goal_and_answers_a_question(
    client, federation, chef, demo
):
    client.force_login(chef)
    goal = Goal.objects.get(federation=federation, position=3)
    response = client.post(
        _url("goal_edit", federation, goal.pk),
        {"status": "uppnatt", "comment": "Klart."},
    )
    assert response.status_code == 302
    page = client.get(_url("goals", federation, 2023)).content.decode()
    assert "16 av 17 uppnådda och ett delvis uppnått" in page
    question = ReportQuestion.objects.get(area__template=demo, number="1.5")
    url = _url("answer_edit", federation, demo.pk, 2025, question.pk)
    response = client.post(url, {"text": "Fler besök.", "evidence": ["gissning"]})
    assert response.status_code == 200  # refused: not in the list
    assert ReportAnswer.objects.get(question=question, year=2025).text.startswith(
        "Klicka"
    )
    client.post(url, {"text": "Fler besök.", "evidence": ["uppföljning"]})
    answer = ReportAnswer.objects.get(question=question, year=2025)
    assert answer.evidence == ["uppföljning"]


def test_another_forbunds_ids_are_not_found(client, federation, outsider, demo):
    client.force_login(outsider)
    assert client.get(_url("control_plan", federation, 2023)).status_code == 404
    other = FederationFactory(slug="annat")
    from federation.roles import Role  # noqa: PLC0415 leaf
    from tests.factories import grant  # noqa: PLC0415 leaf

    grant(outsider, other, Role.ADMINISTRATOR)
    assert client.get(_url("report", other, demo.pk, 2025)).status_code == 404
    goal = Goal.objects.first()
    assert client.get(_url("goal_edit", other, goal.pk)).status_code == 404
