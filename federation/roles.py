"""The product's roles. Each is a Django group, created by a data migration."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administratör"
    HANDLAGGARE = "Handläggare"
    EKONOM = "Ekonom"
    FORTROENDEVALD = "Förtroendevald"


STAFF_ROLES = (Role.ADMINISTRATOR, Role.HANDLAGGARE, Role.EKONOM)
