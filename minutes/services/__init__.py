"""Writes and rules of the protokoll, one module per subject:

- `attendance`: närvaro, the upprop, ersättare serving, beslutförhet;
- `paragraphs`: §§, their numbers and beslut;
- `voting`: jäv, yrkanden, votering, reservation and protokollsanteckning;
- `justering`: meeting end, justerare, justering and the anslag;
- `corrections`: rättelse of a justerat §.

Every edit goes through `editing._editable`: a protokoll sent for justering waits for
the justerare, and a justerat protokoll is locked; it changes only by
`record_correction`. The names are re-exported here for the other apps and the views.
"""

from .attendance import (
    UppropRow,
    allows_distance,
    default_presence,
    ersattare_order,
    preview_quorum,
    quorum_now,
    record_attendance,
    set_presence,
    set_serving,
    set_span,
    start_minutes,
    suggest_ersattare,
)
from .corrections import RATTELSE_TRIGGERS, record_correction
from .editing import RELOAD_MESSAGE, AlreadySaved
from .justering import (
    approve_minutes,
    choose_justerare,
    close_meeting,
    comment_minutes,
    justera_immediately,
    record_signed_approval,
    send_for_justering,
    take_down_expired_anslag,
)
from .paragraphs import (
    add_paragraph,
    add_paragraphs_from_agenda,
    next_paragraph_number,
    record_decision,
    remove_paragraph,
)
from .voting import (
    add_disqualification,
    add_note,
    add_yrkande,
    announce_reservation,
    record_closed_vote,
    record_open_vote,
    remove_disqualification,
    remove_note,
    remove_yrkande,
    update_note,
    update_reservation_motivation,
    update_yrkande,
)

__all__ = [
    "RATTELSE_TRIGGERS",
    "RELOAD_MESSAGE",
    "AlreadySaved",
    "UppropRow",
    "add_disqualification",
    "add_note",
    "add_paragraph",
    "add_paragraphs_from_agenda",
    "add_yrkande",
    "allows_distance",
    "announce_reservation",
    "approve_minutes",
    "choose_justerare",
    "close_meeting",
    "comment_minutes",
    "default_presence",
    "ersattare_order",
    "justera_immediately",
    "next_paragraph_number",
    "preview_quorum",
    "quorum_now",
    "record_attendance",
    "record_closed_vote",
    "record_correction",
    "record_decision",
    "record_open_vote",
    "record_signed_approval",
    "remove_disqualification",
    "remove_note",
    "remove_paragraph",
    "remove_yrkande",
    "send_for_justering",
    "set_presence",
    "set_serving",
    "set_span",
    "start_minutes",
    "suggest_ersattare",
    "take_down_expired_anslag",
    "update_note",
    "update_reservation_motivation",
    "update_yrkande",
]
