from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArvodeConfig(AppConfig):
    name = "arvode"
    verbose_name = _("Attendance allowance")
