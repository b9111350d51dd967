"""The dagordning builder's offer of återrapporteringar (meetings/agenda.html)."""

from django import template

from followup.commissions.services import offered_reports
from meetings.models import Meeting

register = template.Library()


@register.inclusion_tag("followup/commissions/agenda_offers.html", takes_context=True)
def commission_offers(context: template.Context, meeting: Meeting) -> dict:
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "offered": offered_reports(meeting),
    }
