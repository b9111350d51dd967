"""The permission matrix's rows of uppdrag från beslut (followup.commissions, issue
22.1): the förbund's staff and förtroendevalda read the list and an uppdrag (of a
public §), the Administratör records, confirms and closes; the writes are POST."""

from federation.models import Federation
from followup.commissions.models import Commission
from meetings.models import Meeting
from minutes.models import Paragraph


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


READ = _profile("ok", "ok", "ok", "ok", "404", "login")
WRITE = _profile("ok", "403", "403", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)

COMMISSION_EXPECTED: dict[str, dict] = {
    "followup:commissions": READ,
    "followup:commission": READ,
    "followup:commission_edit": POST_ONLY,
    "followup:commission_close": POST_ONLY,
    "followup:commission_discard": POST_ONLY,
    "followup:commission_to_agenda": POST_ONLY,
    "followup:paragraph_commissions": WRITE,
}


def _paragraph(f: Federation) -> Paragraph:
    found = (
        Paragraph.objects.filter(body__federation=f, is_public=True)
        .order_by("pk")
        .first()
    )
    assert found is not None, "the demo has a public §"
    return found


def _commission(f: Federation) -> Commission:
    """The demo has no uppdrag: one is made on a public § for the matrix."""
    paragraph = _paragraph(f)
    commission, _created = Commission.objects.get_or_create(
        federation=f,
        paragraph=paragraph,
        what="Ta fram en plan",
        defaults={"assignee": "förbundsdirektören", "state": "ongoing"},
    )
    return commission


def _meeting(f: Federation) -> Meeting:
    found = Meeting.objects.filter(body__federation=f).order_by("pk").first()
    assert found is not None
    return found


COMMISSION_SAMPLES = {
    "followup:commission": lambda f: {"pk": _commission(f).pk},
    "followup:commission_edit": lambda f: {"pk": _commission(f).pk},
    "followup:commission_close": lambda f: {"pk": _commission(f).pk},
    "followup:commission_discard": lambda f: {"pk": _commission(f).pk},
    "followup:commission_to_agenda": lambda f: {
        "pk": _commission(f).pk,
        "meeting": _meeting(f).pk,
    },
    "followup:paragraph_commissions": lambda f: {"pk": _paragraph(f).pk},
}
