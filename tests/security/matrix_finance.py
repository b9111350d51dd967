"""The permission matrix's rows of the fees (finance): the Ekonom and the
Administratör read, the Ekonom alone changes; since issue 20.7 also the
verksamheter and one index value typed on its series' page."""

from collections.abc import Callable

from federation.models import Federation


def _profile(*outcomes: str) -> dict:
    roles = ("chef", "handlaggare", "ekonom", "ledamot", "outsider", "anonymous")
    return dict(zip(roles, outcomes, strict=True))


READ = _profile("ok", "403", "ok", "403", "404", "login")
WRITE = _profile("403", "403", "ok", "403", "404", "login")
POST_ONLY = _profile(*["405"] * 6)
FINANCE_READ, FINANCE_WRITE = READ, WRITE

FINANCE_EXPECTED: dict[str, dict] = {
    "finance:index": FINANCE_READ,
    "finance:population": FINANCE_READ,
    "finance:population_import": FINANCE_WRITE,
    # Without a file read first it sends the Ekonom back to the import.
    "finance:population_import_confirm": FINANCE_WRITE,
    "finance:population_edit": FINANCE_WRITE,
    "finance:index_series_list": FINANCE_READ,
    "finance:index_series": FINANCE_READ,
    "finance:fee_models": FINANCE_READ,
    "finance:fee_model_create": FINANCE_WRITE,
    "finance:fee_model": FINANCE_READ,
    "finance:fee_model_edit": FINANCE_WRITE,
    "finance:run_create": POST_ONLY,
    "finance:run": FINANCE_READ,
    "finance:run_approve": POST_ONLY,
    "finance:run_report_create": POST_ONLY,
    "finance:run_download": FINANCE_READ,
    "finance:activities": READ,
    "finance:activity_create": WRITE,
    "finance:activity_edit": WRITE,
    "finance:index_value_set": POST_ONLY,
}


def _activity(f: Federation) -> int:
    activity = f.activities.first()
    assert activity is not None, "the demo's verksamheter"
    return activity.pk


def _series(f: Federation) -> int:
    series = f.index_series.first()
    assert series is not None, "the demo's index series"
    return series.pk


FINANCE_SAMPLES: dict[str, Callable[[Federation], dict]] = {
    "finance:activity_edit": lambda f: {"pk": _activity(f)},
    "finance:index_value_set": lambda f: {"pk": _series(f)},
}
