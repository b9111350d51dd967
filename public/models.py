"""What the public side keeps: subscriptions, begäran of allmänna handlingar and the
counters that slow one address down."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Document
from federation.models import Body, Federation


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """An e-mail address that asked for news of a förbund (or of one of its bodies):
    new anslag, published kallelser and justerade protokoll. Mailed only once the
    address has confirmed (double opt-in); every message carries the token's
    unsubscribe link."""

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="subscriptions"
    )
    # None: every body of the förbund.
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # News published up to this moment has been mailed (or predates the subscription).
    notified_until = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["federation", "email"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["federation", "email"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.federation})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Begaran(models.Model):
    """A begäran att ta del av allmän handling made on the public diarium, registered
    as an inkommen handling of its own ärende (its diarienummer is the receipt)."""

    class Format(models.TextChoices):
        EMAIL = "email", _("As a file by e-mail")
        PAPER = "paper", _("On paper by post")
        ON_SITE = "on_site", _("Read it at the office")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="begaran"
    )
    asked_for = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="begaran"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=300)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request for a public document")
        verbose_name_plural = _("requests for public documents")

    def __str__(self) -> str:
        return f"{self.document.case.diarienummer if self.document.case else ''}"


class RequestCounter(models.Model):
    """Public forms sent from one address (hashed): in the database, like the login
    throttle (accounts.throttle), so it holds while Redis is down."""

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()

    class Meta:
        verbose_name = _("public form counter")
        verbose_name_plural = _("public form counters")

    def __str__(self) -> str:
        return f"{self.key[:8]}: {self.count}"
