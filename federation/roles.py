"""The product's roles. A role is granted to a user in one förbund (RoleGrant)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The stored values are the Swedish names manage.py grant_role accepts.
    ADMINISTRATOR = "Administratör", _("Administrator")
    HANDLAGGARE = "Handläggare", _("Case officer")
    EKONOM = "Ekonom", _("Finance officer")
    FORTROENDEVALD = "Förtroendevald", _("Elected representative")


STAFF_ROLES = (Role.ADMINISTRATOR, Role.HANDLAGGARE, Role.EKONOM)
