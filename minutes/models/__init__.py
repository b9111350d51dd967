"""The protokoll of a meeting: närvaro, paragrafer, votering, jäv, justering, anslag.

A separate app from `meetings` so the two can grow migrations independently; it imports
meetings, never the reverse (docs/architecture.md). One module per subject; every model
is imported here, where Django and the other apps find it.
"""

from .documents import Extract, JusteringUnderlag, ProtokollVersion, justering_facts
from .justering import Anslag, AnslagQuerySet, Approval, Correction, Expedition
from .protokoll import APPEAL_DAYS, Attendance, Minutes, Paragraph, ParagraphCounter
from .triggers import MINUTES_OF, frozen_document_triggers, protect_justerat_rows
from .voting import Ballot, Disqualification, MinutesNote, Reservation, Vote, Yrkande

__all__ = [
    "APPEAL_DAYS",
    "MINUTES_OF",
    "Anslag",
    "AnslagQuerySet",
    "Approval",
    "Attendance",
    "Ballot",
    "Correction",
    "Disqualification",
    "Expedition",
    "Extract",
    "JusteringUnderlag",
    "Minutes",
    "MinutesNote",
    "Paragraph",
    "ParagraphCounter",
    "ProtokollVersion",
    "Reservation",
    "Vote",
    "Yrkande",
    "frozen_document_triggers",
    "justering_facts",
    "protect_justerat_rows",
]
