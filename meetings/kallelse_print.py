"""What the kallelse's cover prints besides the agenda, frozen when it is published.

The letterhead's logo, the kallade, the signatures of the ordförande and the
förbundsdirektör and "Nästa sammanträde" are read when a version is published and
kept in its snapshot (key "print"): a rebuild of the version (a worker killed
mid-build, "Make version N again") prints what was published, not what the
registers say that day. A version published before the key existed has none: its
cover is read from the registers as they are (print_of).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import translation

from federation.models import Assignment
from federation.officials import Official, official_on

from .models import KallelseVersion, Meeting
from .selectors import kallade_for, next_meeting

PRINT_KEY = "print"


def _time_span(meeting: Meeting) -> str:
    """ "9.00–16.00", or "9.00" without an end."""
    span = f"{meeting.starts_at.hour}.{meeting.starts_at.minute:02d}"
    if meeting.ends_at:
        span += f"–{meeting.ends_at.hour}.{meeting.ends_at.minute:02d}"
    return span


def _seat(seat: Assignment, *, with_role: bool) -> dict:
    return {
        "name": seat.person.name_with_party,
        "representing": seat.representing.name if seat.representing else "",
        "role": (
            str(seat.get_role_display())
            if with_role and seat.role != Assignment.Role.LEDAMOT
            else ""
        ),
    }


def print_snapshot(meeting: Meeting) -> dict:
    """What the cover prints today, as plain values for the version's snapshot
    (labels in Swedish, the kallelse's language)."""
    federation = meeting.body.federation
    kallade = kallade_for(meeting)
    composition = kallade.composition
    chair = composition.ordforande
    director = official_on(federation, Official.Role.FORBUNDSDIREKTOR, meeting.date)
    following = next_meeting(meeting)
    with translation.override("sv"):
        return {
            "logo": federation.logo.name if federation.logo else "",
            "kallade": {
                "beslutande": [
                    _seat(s, with_role=True) for s in composition.beslutande
                ],
                "ersattare": [_seat(s, with_role=False) for s in composition.ersattare],
                "adjungerade": [
                    _seat(s, with_role=False) for s in composition.adjungerade
                ],
                "invited": [
                    {"name": p.full_name, "title": p.title} for p in kallade.invited
                ],
            },
            "chair": (
                {"name": chair.person.full_name, "role": str(chair.get_role_display())}
                if chair
                else None
            ),
            "director": (
                {"name": director.display_name, "title": director.title}
                if director
                else None
            ),
            "next_meeting": (
                {"date": f"{following.date:%Y-%m-%d}", "time": _time_span(following)}
                if following
                else None
            ),
        }


def print_of(version: KallelseVersion) -> dict:
    """The version's frozen cover values, with the logo's URL; those of today for
    a version published before they were frozen."""
    frozen = version.snapshot.get(PRINT_KEY)
    if frozen is None:
        frozen = print_snapshot(version.meeting)
    logo = frozen.get("logo") or ""
    return {**frozen, "logo_url": default_storage.url(logo) if logo else ""}
