"""`{% form_token %}`: the hidden idempotency token of a form that creates a row.

A fresh uuid each time the form is rendered; the service stores it on the row it
makes, so a repeated submit of that same form finds the row instead of a second one.
"""

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def form_token() -> SafeString:
    return format_html(
        '<input type="hidden" name="form_token" value="{}">', uuid.uuid4()
    )
