"""The permission matrix's rows of the public side (issue 21), kept beside it so
that test_permission_matrix.py stays one readable module."""

from collections.abc import Callable

from cases.models import Document
from federation.models import Body, Federation
from meetings.models import Meeting


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


EVERYONE = _profile(*["ok"] * 6)
ADMIN_ONLY = _profile("ok", "403", "403", "403", "404", "login")

# No login (public.selectors decides what is shown); the Administratör posts a
# delegationsbeslut or another notice.
PUBLIC_EXPECTED: dict[str, dict] = {
    "public:front": EVERYONE,
    "public:calendar": EVERYONE,
    "public:body_calendar": EVERYONE,
    "public:calendar_feed": EVERYONE,
    "public:body_calendar_feed": EVERYONE,
    "public:meeting": EVERYONE,
    "public:meeting_document": EVERYONE,
    "public:protokoll": EVERYONE,
    "public:search": EVERYONE,
    "public:diarium": EVERYONE,
    "public:begaran": EVERYONE,
    "public:begaran_done": _profile(*["404"] * 6),  # no begäran in the demo
    "public:subscribe": EVERYONE,
    "public:confirm": EVERYONE,  # a button; its POST needs the token
    "public:unsubscribe": EVERYONE,
    "public:feed": EVERYONE,
    "public:body_feed": EVERYONE,
    "public:notice_create": ADMIN_ONLY,
}


def _march(f: Federation) -> int:
    return Meeting.objects.get(body__federation=f, date="2024-03-01").pk


def _direktion(f: Federation) -> int:
    return Body.objects.get(federation=f, short_name="Direktion").pk


def _document(f: Federation) -> int:
    document = (
        Document.objects.filter(case__agenda_items__meeting=_march(f), is_secret=False)
        .exclude(file="")
        .first()
    )
    assert document is not None
    return document.pk


PUBLIC_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "public:body_calendar": lambda f: {"body_pk": _direktion(f)},
    "public:body_calendar_feed": lambda f: {"body_pk": _direktion(f)},
    "public:body_feed": lambda f: {"body_pk": _direktion(f)},
    "public:meeting": lambda f: {"pk": _march(f)},
    "public:meeting_document": lambda f: {"pk": _march(f), "document_pk": _document(f)},
    "public:begaran": lambda f: {"pk": _document(f)},
    "public:begaran_done": lambda f: {"pk": 999999},
    "public:confirm": lambda f: {"token": "no-such-token"},
    "public:unsubscribe": lambda f: {"token": "no-such-token"},
}
