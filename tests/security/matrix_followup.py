"""The permission matrix's rows of uppföljning (followup, issue 22.3–22.4): the
förbund's staff and förtroendevalda read, the Administratör records."""

from collections.abc import Callable

from federation.models import Federation
from followup.models import ControlArea, Goal, ReportQuestion, ReportTemplate

from .matrix_followup_commissions import COMMISSION_EXPECTED, COMMISSION_SAMPLES


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


READ = _profile("ok", "ok", "ok", "ok", "404", "login")
WRITE = _profile("ok", "403", "403", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)

FOLLOWUP_EXPECTED: dict[str, dict] = {
    "followup:index": READ,
    "followup:control_plan": READ,
    "followup:control_plan_pdf": READ,
    "followup:deviation_add": POST_ONLY,
    "followup:goals": READ,
    "followup:goal_edit": WRITE,
    "followup:report": READ,
    "followup:answer_edit": WRITE,
    "followup:report_download": READ,
    **COMMISSION_EXPECTED,
}


def _template(f: Federation) -> ReportTemplate:
    """Sjuhärad's demo has no results report: one is made for the matrix."""
    template, _created = ReportTemplate.objects.get_or_create(
        federation=f, title="Resultatredovisning"
    )
    return template


def _question(f: Federation) -> int:
    template = _template(f)
    area, _created = template.areas.get_or_create(number=1, title="Område")
    question, _created = ReportQuestion.objects.get_or_create(
        area=area, number="1.1", text="Beskriv arbetet."
    )
    return question.pk


FOLLOWUP_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "followup:control_plan": lambda f: {"year": 2023},
    "followup:control_plan_pdf": lambda f: {"year": 2023},
    "followup:deviation_add": lambda f: {
        "pk": ControlArea.objects.filter(plan__federation=f).first().pk  # type: ignore[union-attr]
    },
    "followup:goals": lambda f: {"year": 2023},
    "followup:goal_edit": lambda f: {
        "pk": Goal.objects.filter(federation=f).first().pk  # type: ignore[union-attr]
    },
    "followup:report": lambda f: {"pk": _template(f).pk, "year": 2025},
    "followup:answer_edit": lambda f: {
        "question": _question(f),
        "pk": _template(f).pk,
        "year": 2025,
    },
    "followup:report_download": lambda f: {
        "pk": _template(f).pk,
        "year": 2025,
        "fmt": "docx",
    },
    **COMMISSION_SAMPLES,
}
