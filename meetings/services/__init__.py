"""Rules and workflows of meetings, by subject: planning a meeting (`meetings`), the
dagordning and its kallade (`agenda`), publishing the kallelse (`kallelse`), its
e-mail to the kallade (`mail`) and calendar feeds (`feeds`). The public names are
here too, so a caller imports `from meetings.services import publish_kallelse`."""

from .agenda import (
    add_case_item,
    add_free_item,
    add_ready_case,
    agenda_snapshot,
    choose_notification,
    left_out_bilagor,
    move_item,
    notification_choices,
    remove_item,
    set_invited,
    total_minutes,
    update_item,
)
from .changes import (
    Change,
    kallelse_changes,
    pending_changes,
    same_agenda,
    snapshot_changes,
)
from .feeds import (
    issue_calendar_token,
    revoke_calendar_token,
    revoke_calendar_tokens_of,
)
from .kallelse import (
    has_unpublished_changes,
    latest_version,
    lead_time_shortfall,
    publish_kallelse,
    store_kallelse_pdf,
)
from .mail import (
    DELIVERY_CLAIM_STALE,
    DELIVERY_MAX_ATTEMPTS,
    kallelse_mail,
    meeting_url,
    notify_kallade,
    send_unsent_kallelse_mail,
)
from .meetings import (
    configure_body_meetings,
    configure_forhinder,
    create_meeting,
    meeting_settings_for,
)

__all__ = [
    "DELIVERY_CLAIM_STALE",
    "DELIVERY_MAX_ATTEMPTS",
    "Change",
    "add_case_item",
    "add_free_item",
    "add_ready_case",
    "agenda_snapshot",
    "choose_notification",
    "configure_body_meetings",
    "configure_forhinder",
    "create_meeting",
    "has_unpublished_changes",
    "issue_calendar_token",
    "kallelse_changes",
    "kallelse_mail",
    "latest_version",
    "lead_time_shortfall",
    "left_out_bilagor",
    "meeting_settings_for",
    "meeting_url",
    "move_item",
    "notification_choices",
    "notify_kallade",
    "pending_changes",
    "publish_kallelse",
    "remove_item",
    "revoke_calendar_token",
    "revoke_calendar_tokens_of",
    "same_agenda",
    "send_unsent_kallelse_mail",
    "set_invited",
    "snapshot_changes",
    "store_kallelse_pdf",
    "total_minutes",
    "update_item",
]
