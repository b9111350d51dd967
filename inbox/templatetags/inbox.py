"""The header's Nytt link (base.html): for a reader with a role in the page's förbund.

Its count is not rendered here: the header would pay a query on every page. The
link's badge loads it afterwards (htmx, views.unread_badge), per reader, never in a
cached page part.
"""

from django import template

from inbox.permissions import can_read_inbox

register = template.Library()


@register.inclusion_tag("inbox/partials/header_link.html", takes_context=True)
def inbox_link(context: template.Context) -> dict:
    request = context.get("request")
    federation = getattr(request, "federation", None)
    user = getattr(request, "user", None)
    shown = (
        federation is not None and user is not None and can_read_inbox(user, federation)
    )
    return {"federation": federation if shown else None}
