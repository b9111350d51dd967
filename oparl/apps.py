from django.apps import AppConfig


class OparlConfig(AppConfig):
    """OParl 1.1: the public's data as JSON (docs/architecture.md, "OParl")."""

    name = "oparl"
    verbose_name = "OParl"
