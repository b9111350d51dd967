import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task's base: sent after the commit, and a broker that is down is logged, never
# raised into the request that asked for it (core.tasks). Named here, not per task,
# so that no task can fall back to Celery's own delay_on_commit.
app = Celery("forbundsportalen", task_cls="core.tasks:DispatchAfterCommit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
