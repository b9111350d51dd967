"""`{% body_obligations %}`: how each body stands against its obligations, for the
start page (issue 22.2)."""

from django import template

from federation.obligations import standings
from federation.permissions import can_view_register

register = template.Library()


@register.inclusion_tag(
    "federation/partials/obligation_standings.html", takes_context=True
)
def body_obligations(context: template.Context) -> dict:
    request = context.get("request")
    federation = getattr(request, "federation", None)
    if (
        request is None
        or federation is None
        or not can_view_register(request.user, federation)
    ):
        return {"standings": []}
    return {"standings": standings(federation), "request": request}
