"""Population, index series, fee models, runs and the settlement of a year.

Split by subdomain; `from finance.models import X` names every model.
"""

from .fees import (
    MONEY,
    RATE,
    Activity,
    AgreedUplift,
    Digits,
    FeeModel,
    IndexSeries,
    IndexValue,
    Instalment,
    Participant,
    PopulationFigure,
    UnitCount,
)
from .runs import (
    AllocationLine,
    AllocationRun,
    AllocationRunQuerySet,
    RunReport,
    SettlementMode,
)
from .settlements import ActivityYear, Adjustment, InstalmentDispatch
from .statements import MemberStatement

__all__ = [
    "MONEY",
    "RATE",
    "Activity",
    "ActivityYear",
    "Adjustment",
    "AgreedUplift",
    "AllocationLine",
    "AllocationRun",
    "AllocationRunQuerySet",
    "Digits",
    "FeeModel",
    "IndexSeries",
    "IndexValue",
    "Instalment",
    "InstalmentDispatch",
    "MemberStatement",
    "Participant",
    "PopulationFigure",
    "RunReport",
    "SettlementMode",
    "UnitCount",
]
