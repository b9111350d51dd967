"""Whole pages shared by everyone in an audience, served from the cache.

A published meeting page is read by every ledamot of the body minutes before the
meeting, and it is the same for all of them but for the reader's name in the header
and the CSRF token of the forms. The page is rendered once per audience with markers
in their place (base.html, `shared_page`) and each response fills them in, so a
cache hit reads no database at all.
"""

import re
from collections.abc import Callable, Iterable
from uuid import uuid4

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

from . import fragments


def render_shared(
    request: HttpRequest,
    template: str,
    context: Callable[[], dict],
    *,
    scope: str,
    audience: Iterable,
) -> HttpResponse:
    """The page for this audience (everything it depends on besides the database:
    roles, sekretess right), cached in the scope until the scope changes.

    A request with messages to show or from htmx gets its own rendering.
    """
    if getattr(request, "htmx", False) or len(messages.get_messages(request)):
        return HttpResponse(render_to_string(template, context(), request=request))
    html, markers = fragments.cached(
        scope,
        ("page", request.get_full_path(), get_language(), *audience),
        lambda: _render_with_markers(request, template, context()),
    )
    user = request.user
    if user.is_authenticated:
        html = html.replace(
            markers["name"], escape(user.get_full_name() or user.get_username())
        )
    if markers["csrf"] in html:
        html = html.replace(markers["csrf"], get_token(request))
    return HttpResponse(html)


def _render_with_markers(
    request: HttpRequest, template: str, context: dict
) -> tuple[str, dict]:
    # Random markers: no title or text on the page can contain them by design.
    markers = {"name": f"reader-{uuid4().hex}", "csrf": f"csrf-{uuid4().hex}"}
    html = render_to_string(template, {**context, "shared_page": markers}, request)
    # Every form's token (one value per rendering) becomes a marker too: the token
    # belongs to this reader's CSRF cookie and is filled in per response.
    token = _TOKEN.search(html)
    if token:
        html = html.replace(token.group(1), markers["csrf"])
    return html, markers


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
