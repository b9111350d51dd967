from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from . import checks  # noqa: F401 registers the deployment checks
from .middleware import start_session_clock


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        user_logged_in.connect(start_session_clock, dispatch_uid="core_session_clock")
