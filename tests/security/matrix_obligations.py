"""The permission matrix's rows of the bodies' obligations (issue 22.2): the
Administratör edits a body's rules; a request for an extra meeting is a POST."""

from collections.abc import Callable

from federation.models import Body, Federation


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


ADMIN_ONLY = _profile("ok", "403", "403", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)

OBLIGATIONS_EXPECTED: dict[str, dict] = {
    "federation:body_rules": ADMIN_ONLY,
    "federation:extra_meeting_request": POST_ONLY,
}


def _body(f: Federation) -> dict:
    return {"pk": Body.objects.get(federation=f, short_name="Direktion").pk}


OBLIGATIONS_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "federation:body_rules": _body,
    "federation:extra_meeting_request": _body,
}
