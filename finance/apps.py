from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"

    def ready(self) -> None:
        # Models load once the app registry is ready, after this module.
        from federation.cache import bump_on_change  # noqa: PLC0415 circular

        from .models import (  # noqa: PLC0415 circular
            Activity,
            AllocationRun,
            FeeModel,
            Participant,
        )

        # What the cached run page shows (federation.cache). A run's lines are
        # written with the run, in its transaction, and never changed after.
        bump_on_change(
            (AllocationRun, "federation_id"),
            (FeeModel, "federation_id"),
            (Activity, "federation_id"),
            (Participant, "fee_model__federation_id"),
        )
