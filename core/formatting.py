"""Numbers and money as the product writes them in Swedish: 14 840 kr, 2,5 %, 104 256.

The one place for it: the template filters (`core.templatetags.format_sv`) wrap these
functions, and the fee explanations, PDFs, forms (`core.swedish_numbers`) and Excel
exports use them. The separators are Django's localisation (the sv formats of
config/formats/sv: a decimal comma, a no-break space between thousands), and the
output is that of Django's `numberformat.format` (a test compares them), written with
Python's own grouping as it costs a tenth. What Django does not do is written here:
rounding (Django cuts decimals off, so 1 234,9 would show as 1 234), the units "kr"
and "%", and the Excel format codes of the same figures.
"""

from decimal import Decimal
from functools import cache

from django.utils.formats import get_format

NBSP = "\xa0"

# Excel's format codes use "," for grouping; Swedish Excel shows it as a space.
XLSX_KR = '#,##0 "kr"'
XLSX_NUMBER = "#,##0"
XLSX_PERCENT = '0.0 "%"'
XLSX_DATE = "yyyy-mm-dd"


def number(value: Decimal | int | float, decimals: int = 0) -> str:
    """104256 → "104 256", (6.535, 2) → "6,54": rounded half to even to `decimals`,
    thousands grouped by a no-break space."""
    # str() first: Decimal(0.1) would keep the float's binary error. The format
    # rounds half to even, as the decimal context does (Django's would truncate).
    rounded = Decimal(f"{Decimal(str(value)):.{decimals}f}")
    if rounded.is_zero():
        rounded = abs(rounded)  # no "-0", as Django writes it
    decimal_separator, thousand_separator = _sv_separators()
    # Python's own grouping by three, with the sv separators swapped in: the output of
    # Django's numberformat.format (a test compares the two), at a tenth of its cost;
    # a fee run writes some 30 000 figures.
    grouped = f"{rounded:,.{decimals}f}"
    return grouped.translate(
        {ord(","): thousand_separator, ord("."): decimal_separator}
    )


@cache
def _sv_separators() -> tuple[str, str]:
    # The sv formats by name: Swedish whatever language is active (a task or a
    # command may have none), as the figures of a fee must not change with it.
    return get_format("DECIMAL_SEPARATOR", "sv"), get_format("THOUSAND_SEPARATOR", "sv")


def money(value: Decimal | int | float, decimals: int = 0) -> str:
    """14840 → "14 840 kr"."""
    return f"{number(value, decimals)}{NBSP}kr"


def percent(value: Decimal | int | float, decimals: int = 1) -> str:
    """2.5 → "2,5 %"."""
    return f"{number(value, decimals)}{NBSP}%"


def exact_percent(value: Decimal | int | float, decimals: int = 3) -> str:
    """At most `decimals` decimals and no trailing zeros: 2 %, 2,5 %, 0,125 %."""
    text = number(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}{NBSP}%"
