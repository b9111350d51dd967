"""`{% agreement_costs agreement %}`: the costs of an agreement, party × year.

For other apps' templates (agreements), so that they never import finance code.
"""

from django import template

from finance.selectors import agreement_costs as agreement_cost_table

register = template.Library()


@register.inclusion_tag("finance/partials/agreement_costs.html")
def agreement_costs(agreement) -> dict:
    return {"table": agreement_cost_table(agreement), "agreement": agreement}
