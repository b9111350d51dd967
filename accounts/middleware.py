"""Nothing but the second-factor pages until the second factor is given."""

from urllib.parse import urlencode

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from core.middleware import database_unavailable, is_contention

from . import second_factor

# Reachable with the password only: giving or setting up the second factor, leaving,
# and the accessibility statement.
OPEN = frozenset(
    {"second_factor", "second_factor_enrol", "login", "logout", "accessibility"}
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, args, kwargs):
        try:
            required = second_factor.required(request)
        except (OperationalError, InterfaceError) as lost:
            if is_contention(lost):
                raise
            # Who the user is cannot be known: nothing is served (not even a page
            # that needs no query).
            return database_unavailable(request, lost)
        if not required or second_factor.is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in OPEN:
            return None
        target = reverse("second_factor")
        htmx = getattr(request, "htmx", None)
        if htmx:
            # Back to the page the user is on, not to the fragment it asked for.
            came_from = htmx.current_url_abs_path
        else:
            came_from = request.get_full_path() if request.method == "GET" else None
        if came_from:
            target += "?" + urlencode({"next": came_from})
        if htmx:
            return HttpResponseClientRedirect(target)
        return redirect(target)
