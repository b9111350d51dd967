"""The request a view gets from `federation_view`, for the type checker.

Views annotate `request: FederationRequest` (behind a login) or `PublicRequest`
(`federation_view(public=True)`), so `request.federation` and `request.user` have
their real types (django-stubs' advice for attributes a middleware or decorator adds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from .models import Federation


class LoggedInRequest(HttpRequest):
    """A request behind a login: login_required, or federation_view's."""

    user: User


class FederationRequest(LoggedInRequest):
    federation: Federation
    user: User  # federation_view sends anonymous users to the login page
    htmx: HtmxDetails


class PublicRequest(HttpRequest):
    federation: Federation
    user: User | AnonymousUser
    htmx: HtmxDetails


class HtmxRequest(HttpRequest):
    """A request outside any förbund (the account pages)."""

    htmx: HtmxDetails
