"""The ready ärenden as a partial index, for the dagordning builder.

Built concurrently on PostgreSQL (see 0005): cases_case is large in production.
"""

from django.db import migrations, models

from core.db import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0005_diarium_order_index")]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(
                condition=models.Q(status="ready"),
                fields=["federation", "diarienummer"],
                name="case_ready",
            ),
        ),
    ]
