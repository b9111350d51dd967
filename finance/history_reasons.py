"""Why a finance row changed, in the words the Historik shows (issue 20.7).

The services store the reason as Swedish text, as the other apps do (the product
speaks Swedish only, LANGUAGE_CODE "sv"). Rows written before issue 20.7 hold the
name of the service ("save_fee_model"); `shown` gives those their words too.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

POPULATION_IMPORTED = _("Population figures imported")
POPULATION_EDITED = _("Changed by hand")
INDEX_VALUES_IMPORTED = _("Index values imported")
INDEX_VALUE_ENTERED = _("Index value entered by hand")
INDEX_VALUE_CORRECTED = _("Index value corrected by hand")
YEAR_COMPUTED = _("Year computed")
RUN_APPROVED = _("Run approved")
INSTALMENT_SENT = _("Instalment marked sent")
PREVIOUS_YEAR_APPROVED = _("The previous year approved")
REPORT_REQUESTED = _("Report requested")
REPORT_MADE = _("Report made")
FEE_MODEL_SAVED = _("Fee model saved")
ACTIVITY_CREATED = _("Activity created")
ACTIVITY_CHANGED = _("Activity changed")

# The names the services stored before their reasons were words.
LEGACY: dict[str, Promise] = {
    "import": _("Imported"),
    "manual edit": POPULATION_EDITED,
    "run_allocation": YEAR_COMPUTED,
    "approve_run": RUN_APPROVED,
    "mark_instalment_sent": INSTALMENT_SENT,
    "approve_previous_year": PREVIOUS_YEAR_APPROVED,
    "request_run_report": REPORT_REQUESTED,
    "store_run_report": REPORT_MADE,
    "save_fee_model": FEE_MODEL_SAVED,
    # core.documents' own, on a report's rows.
    "retry_failed_build": _("Report requested again"),
    "requeue_stale_build": _("Report queued again"),
}


def text(reason: Promise) -> str:
    """The reason as the text a history row stores."""
    return str(reason)


def shown(stored: str | None) -> str:
    """A history row's reason as the page shows it: its words, also for a row
    that holds a service's name."""
    if not stored:
        return ""
    legacy = LEGACY.get(stored)
    return str(legacy) if legacy is not None else stored
