"""Nytt: the list of what is new for the reader, its count in the header, and
opening an item (which marks it read)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from federation.http import FederationRequest
from federation.selectors import federation_view

from . import selectors, services
from .permissions import can_read_inbox


@require_GET
@federation_view(can_read_inbox)
def item_list(request: FederationRequest) -> HttpResponse:
    items = selectors.recent_items(request.user, request.federation)
    return render(
        request,
        "inbox/item_list.html",
        {"items": items, "unread": sum(1 for i in items if i.read_at is None)},
    )


@require_GET
@federation_view(can_read_inbox)
def unread_badge(request: FederationRequest) -> HttpResponse:
    """The header's count, loaded after the page (htmx) so that no page waits for
    it and no cached page part holds it."""
    count = selectors.unread_count(request.user, request.federation)
    response = render(request, "inbox/partials/badge.html", {"count": count})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@federation_view(can_read_inbox)
def open_item(request: FederationRequest, pk: int) -> HttpResponse:
    """Go to what an item points at; it is read from now on."""
    item = get_object_or_404(
        selectors.items_of(request.user, request.federation), pk=pk
    )
    if item.read_at is None:
        services.mark_read(request.user, request.federation, item_id=item.pk)
    # Stored as a path by services.post; checked again, never sent off the site.
    if not url_has_allowed_host_and_scheme(
        item.url, allowed_hosts={request.get_host()}, require_https=False
    ) or not item.url.startswith("/"):
        return redirect("inbox:list", request.federation.slug)
    return redirect(item.url)


@require_POST
@federation_view(can_read_inbox)
def mark_all_read(request: FederationRequest) -> HttpResponse:
    count = services.mark_read(request.user, request.federation)
    if count:
        messages.success(request, _("Everything is marked as read."))
    return redirect("inbox:list", request.federation.slug)
