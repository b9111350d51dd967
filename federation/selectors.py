"""Reads with visibility rules: which federations and register rows a user may see."""

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from .access import access_for
from .cache import federation_by_slug
from .http import FederationRequest
from .models import Body, Federation, RoleGrant
from .permissions import belongs_to


def federations_for(user: User | AnonymousUser) -> QuerySet[Federation]:
    """The förbund where the user holds a role."""
    if not user.is_authenticated:
        return Federation.objects.none()
    if user.is_superuser:
        return Federation.objects.all()
    return Federation.objects.filter(pk__in=access_for(user).roles)


def get_federation_for_user(request: HttpRequest, slug: str) -> Federation:
    """The federation of the URL, or 404 for a user who does not belong to it."""
    federation = federation_by_slug(slug)
    if federation is None or not belongs_to(request.user, federation):
        raise Http404
    return federation


def role_grants(federation: Federation) -> QuerySet[RoleGrant]:
    """Who holds which role in the förbund, by name (the Behörigheter page)."""
    return (
        RoleGrant.objects.filter(federation=federation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )


def role_history(federation: Federation, rows: int) -> list[Any]:
    """The latest changes of the förbund's grants, newest first."""
    return list(
        RoleGrant.history.filter(federation_id=federation.pk).select_related(
            "user", "history_user"
        )[:rows]
    )


def bodies_with_seats(federation: Federation, day: datetime.date) -> QuerySet[Body]:
    """The förbund's own bodies (not the external ones), each with `seats`: its
    assignments valid on the day."""
    return federation.bodies.exclude(kind=Body.Kind.EXTERNAL).annotate(
        seats=Count(
            "assignments",
            filter=Q(assignments__valid_from__lte=day)
            & (
                Q(assignments__valid_to__isnull=True)
                | Q(assignments__valid_to__gte=day)
            ),
        )
    )


Predicate = Callable[[User | AnonymousUser, Federation], bool]


# HttpResponseBase: a view may answer with a file (core.http.pdf_response).
View = Callable[..., HttpResponseBase]


def federation_view(
    permission: Predicate | None = None, *, public: bool = False
) -> Callable[[View], View]:
    """Resolve the URL's federation onto request.federation and check the permission.

    Anonymous users go to the login page unless the view is public; a user outside the
    federation gets 404; a user inside it without the right gets 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(
            request: HttpRequest, federation: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            # The request the view gets (federation.http): this sets its federation.
            typed = cast(FederationRequest, request)
            if public:
                found = federation_by_slug(federation)
                if found is None:
                    raise Http404
                typed.federation = found
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                # An address of no förbund is no page to log in for: 404 to all.
                if federation_by_slug(federation) is None:
                    raise Http404
                return redirect_to_login(request.get_full_path())
            typed.federation = get_federation_for_user(request, federation)
            if permission is not None and not permission(
                request.user, typed.federation
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
