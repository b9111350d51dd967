"""The permission matrix's rows of the bokslut pages (accounting, issue 20.4–20.6):
as the fees, the Ekonom changes and the Administratör reads."""

from collections.abc import Callable

from agreements.models import Agreement
from federation.models import Federation


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


READ = _profile("ok", "403", "ok", "403", "404", "login")
WRITE = _profile("403", "403", "ok", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)

ACCOUNTING_EXPECTED: dict[str, dict] = {
    "accounting:index": READ,
    "accounting:commitment_create": WRITE,
    "accounting:commitment": READ,
    "accounting:commitment_edit": WRITE,
    "accounting:commitment_download": READ,
    "accounting:ledger_import": WRITE,
    "accounting:drift": READ,
    "accounting:budget_edit": WRITE,
    "accounting:drift_download": READ,
    "accounting:reassessment_record": POST_ONLY,
}


def _commitment(f: Federation) -> int:
    commitment = f.commitments.first()
    assert commitment is not None, "the demo's E20"
    return commitment.pk


def _agreement(f: Federation) -> int:
    agreement = Agreement.objects.filter(federation=f).first()
    assert agreement is not None, "the demo's agreements"
    return agreement.pk


ACCOUNTING_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "accounting:commitment": lambda f: {"pk": _commitment(f)},
    "accounting:commitment_edit": lambda f: {"pk": _commitment(f)},
    "accounting:commitment_download": lambda f: {"pk": _commitment(f), "fmt": "xlsx"},
    "accounting:drift": lambda f: {"year": 2023},
    "accounting:budget_edit": lambda f: {"year": 2023},
    "accounting:drift_download": lambda f: {"year": 2023, "fmt": "xlsx"},
    "accounting:reassessment_record": lambda f: {"agreement": _agreement(f)},
}
