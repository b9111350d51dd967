from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginCounter(models.Model):
    """Recent login attempts for one key: a username and address, a username or an
    address (accounts.throttle). The key is a hash, so a password typed into the
    username field is not stored."""

    class Scope(models.TextChoices):
        USERNAME_AND_ADDRESS = "pair", _("username and address")
        USERNAME = "username", _("username")
        ADDRESS = "address", _("address")

    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    key = models.CharField(_("key"), max_length=64)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"))

    class Meta:
        verbose_name = _("login counter")
        verbose_name_plural = _("login counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="accounts_logincounter_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["last_attempt_at"], name="accounts_logincounter_last")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}: {self.failures}"
