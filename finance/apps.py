from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"

    def ready(self) -> None:
        from core.fragments import bump_on_change
        from federation.models import Member

        from .models import Activity, AllocationRun, FeeModel, Participant

        # What the cached run page shows. A run's lines are written with the run, in
        # its transaction (the bump is repeated at commit), and never changed after.
        bump_on_change(
            "finance", AllocationRun, FeeModel, Activity, Participant, Member
        )
