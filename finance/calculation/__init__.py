"""Computing a year's fees for every fee model of a federation.

`inputs.YearData` loads everything a year reads in a fixed number of queries; the
modules below compute from it without touching the database again, so a run over 290
members and 20 fee models costs the same handful of queries as one over three:

- `uplift`: the uplift of each year since the base year (fixed, agreed, index, frozen);
- `fee_methods`: the lines of one fee model, one function per fee method;
- `payment_plan`: a line's instalments, the first preliminary when the index is late;
- `year`: every line of a year (`compute_year`).
"""

from .fee_methods import LineResult
from .year import YearResult, compute_year

__all__ = ["LineResult", "YearResult", "compute_year"]
