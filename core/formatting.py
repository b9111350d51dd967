"""Numbers and money as the product writes them in Swedish: 14 840 kr, 2,5 %, 104 256.

The one place for it: the template filters (`core.templatetags.format_sv`) wrap these
functions, and the fee explanations, PDFs, forms (`core.swedish_numbers`) and Excel
exports use them. Grouping and the decimal comma are Django's localisation
(`numberformat.format` with the sv formats of config/formats/sv: a no-break space
between thousands). What Django does not do is written here: rounding (Django cuts
decimals off, so 1 234,9 would show as 1 234), the units "kr" and "%", and the Excel
format codes of the same figures.
"""

from decimal import Decimal

from django.utils import numberformat
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
    # rounds (half to even, as the decimal context does); Django would truncate.
    rounded = Decimal(f"{Decimal(str(value)):.{decimals}f}")
    # The sv formats by name: Swedish whatever language is active (a task or a
    # command may have none), as the figures of a fee must not change with it.
    return numberformat.format(
        rounded,
        get_format("DECIMAL_SEPARATOR", "sv"),
        decimals,
        get_format("NUMBER_GROUPING", "sv"),
        get_format("THOUSAND_SEPARATOR", "sv"),
        force_grouping=True,
    )


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
