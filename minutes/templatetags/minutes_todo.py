"""`{% minutes_todo federation %}`: the reader's Att göra in one förbund, for the start
page and the förbund's front page; `{% minutes_protokoll_link meeting_id %}`: the
link to a protokoll not yet justerat, for the meeting page.

For other apps' templates, so that they never import minutes code (the apps depend
one way: docs/architecture.md). Both depend on the reader and on the moment, so the
meeting page renders its link per request around its cached content (the state of
its protokoll itself cached with the förbund's data).
"""

from django import template

from federation.cache import cached
from federation.models import Federation
from minutes.todo import protokoll_link, protokoll_state, todo_for

register = template.Library()


@register.inclusion_tag("minutes/partials/todo.html", takes_context=True)
def minutes_todo(
    context: template.Context, federation: Federation, level: int = 2
) -> dict:
    """`level`: the heading's, 3 where the list sits under a heading of its own."""
    request = context.get("request")
    if request is None:
        return {}
    return {
        "todo": todo_for(request.user, federation),
        "federation": federation,
        "level": level,
    }


@register.inclusion_tag("minutes/partials/protokoll_link.html", takes_context=True)
def minutes_protokoll_link(context: template.Context, meeting_id: int) -> dict:
    request = context.get("request")
    federation = getattr(request, "federation", None)
    if request is None or federation is None:
        return {}
    # No query on a cache hit: the state is the förbund's data, the link the reader's.
    state = cached(
        request,
        "protokoll-state",
        [meeting_id],
        lambda: protokoll_state(federation, meeting_id),
    )
    return {
        "link": protokoll_link(request.user, federation, state),
        "federation": federation,
        "meeting_id": meeting_id,
    }
