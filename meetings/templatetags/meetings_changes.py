"""The changes of a kompletterande kallelse version, for the templates that show a
version (the kallelse's cover: meetings/pdf/_changes.html)."""

from django import template

from meetings.models import KallelseVersion
from meetings.services import Change, kallelse_changes

register = template.Library()


@register.filter(name="kallelse_changes")
def kallelse_changes_filter(version: KallelseVersion | None) -> list[Change]:
    """What the version changes since the one before it; nothing for the first."""
    if version is None or not version.is_supplement:
        return []
    return kallelse_changes(version)
