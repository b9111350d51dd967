"""The statement per member of an approved run (avgiftsbesked, issue 20.8): what the
ekonom sends each member kommun with its invoice, built and sealed as a stored
document (core.documents) by a Celery task (finance.tasks)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import StoredDocument
from federation.models import Member

from .runs import AllocationRun


class MemberStatement(StoredDocument):
    """One member's avgiftsbesked of one approved run: made once (the run is
    frozen), sealed with the förbund's seal so that the member can check it."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.CASCADE, related_name="statements"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(
        _("statement"), upload_to="finance/statements/%Y/", blank=True
    )
    history = HistoricalRecords()

    build_task = "finance.tasks.build_member_statement_task"
    keeps_one_file = True

    class Meta:
        ordering = ["run", "member__kommunkod"]
        verbose_name = _("member statement")
        verbose_name_plural = _("member statements")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "member"], name="statement_unique_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.member}"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"statement_id": self.pk}
