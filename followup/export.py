"""The plan and the report as documents: PDF through core.pdf, and the report as a
Word document (python-docx) that the region's own template expects."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document as WordDocument

from core.pdf import render_pdf

from .models import ControlPlan, ReportTemplate
from .services import answers_of, check_completeness, questions_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def control_plan_pdf(plan: ControlPlan) -> bytes:
    return render_pdf(
        "followup/pdf/control_plan.html",
        {
            "plan": plan,
            "areas": plan_areas(plan),
            "federation": plan.federation,
            "printed_on": timezone.localdate(),
        },
    )


def plan_areas(plan: ControlPlan) -> list:
    return list(plan.areas.prefetch_related("points", "deviations"))


def report_rows(template: ReportTemplate, year: int) -> list[dict]:
    answers = answers_of(template, year)
    return [
        {"question": q, "answer": answers.get(q.pk)} for q in questions_of(template)
    ]


def report_pdf(template: ReportTemplate, year: int) -> bytes:
    return render_pdf(
        "followup/pdf/report.html",
        {
            "template": template,
            "year": year,
            "rows": report_rows(template, year),
            "check": check_completeness(template, year),
            "federation": template.federation,
            "printed_on": timezone.localdate(),
        },
    )


def _yes_no(value: bool | None) -> str:
    return {True: "Ja ☒  Nej ☐", False: "Ja ☐  Nej ☒"}.get(value, "Ja ☐  Nej ☐")  # type: ignore[arg-type]


def report_docx(template: ReportTemplate, year: int) -> bytes:
    document = WordDocument()
    document.core_properties.title = f"{template.title} {year}"
    document.core_properties.author = template.federation.name
    document.add_heading(f"{template.title} {year}", level=0)
    document.add_paragraph(template.federation.name)
    area_id = None
    for row in report_rows(template, year):
        question, answer = row["question"], row["answer"]
        if question.area_id != area_id:
            area_id = question.area_id
            document.add_heading(str(question.area), level=1)
        document.add_heading(f"{question.number} {question.text}", level=2)
        if question.kind == question.Kind.YES_NO:
            document.add_paragraph(_yes_no(answer.yes_no if answer else None))
            document.add_paragraph(question.condition_text)
        for part in (answer.text if answer else "").split("\n\n"):
            if part.strip():
                document.add_paragraph(part.strip())
        if question.asks_evidence and answer and answer.evidence:
            document.add_paragraph("Underlag: " + ", ".join(answer.evidence))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
