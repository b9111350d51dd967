"""Verksamheter and single index values, as the ekonom enters them on the pages
(issue 20.7): a write each, with history and a reason in words."""

import datetime
import unicodedata
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from federation.models import Federation

from . import history_reasons as reasons
from .models import Activity, IndexSeries, IndexValue

NAME_MAX = Activity._meta.get_field("name").max_length or 200


def _visible(text: str) -> str:
    """The text composed (NFC) without control and format characters: a
    zero-width space, a right-to-left override or a NUL pasted into a name would
    make a look-alike of another verksamhet, or turn its name round in a list."""
    composed = unicodedata.normalize("NFC", text)
    return "".join(
        c
        for c in composed
        if c.isspace() or unicodedata.category(c) not in {"Cc", "Cf"}
    )


@transaction.atomic
def save_activity(
    federation: Federation,
    activity: Activity | None,
    *,
    name: str,
    description: str,
    by: User | None,
) -> Activity:
    """Create a verksamhet (`activity` None) or change one of the förbund's own.

    The name is unique in the förbund: a taken name is refused and nothing is
    saved. The förbund's row lock makes a double click create one row, the second
    request seeing the first's name as taken.
    """
    Federation.objects.select_for_update().get(pk=federation.pk)
    name = " ".join(_visible(name).split())
    description = _visible(description)
    if not name:
        raise ValidationError(_("Give the verksamhet a name."), code="required")
    if len(name) > NAME_MAX:
        raise ValidationError(
            _("The name can be at most %(n)s characters.") % {"n": NAME_MAX},
            code="max_length",
        )
    if activity is not None and activity.federation_id != federation.pk:
        raise ValidationError(_("The verksamhet belongs to another federation."))
    taken = Activity.objects.filter(federation=federation, name__iexact=name)
    if activity is not None:
        taken = taken.exclude(pk=activity.pk)
    if taken.exists():
        raise ValidationError(
            _("There is already a verksamhet named %(name)s.") % {"name": name},
            code="unique",
        )
    creating = activity is None
    if activity is None:
        activity = Activity(federation=federation)
    elif activity.name == name and activity.description == description:
        return activity  # nothing changed: no history row
    activity.name = name
    activity.description = description
    reason = reasons.ACTIVITY_CREATED if creating else reasons.ACTIVITY_CHANGED
    history.save(activity, by=by, reason=reasons.text(reason))
    return activity


@transaction.atomic
def set_index_value(
    series: IndexSeries,
    year: int,
    value: Decimal,
    *,
    published_on: datetime.date,
    is_forecast: bool,
    by: User | None,
) -> tuple[IndexValue, bool]:
    """Enter one year's value by hand, or correct the value published that day.

    As the import (finance.services.import_index_values): the value of a year and
    publication date is replaced, another publication date is a new value beside
    the earlier ones. Returns the value and whether it was created.
    """
    series = IndexSeries.objects.select_for_update().get(pk=series.pk)
    if not 1900 <= year <= 2200:
        raise ValidationError(_("Give a year between 1900 and 2200."), code="year")
    if series.kind == IndexSeries.Kind.PERCENT and abs(value) >= 100:
        raise ValidationError(
            _("A percentage change of %(value)s is not possible.") % {"value": value},
            code="range",
        )
    if series.kind != IndexSeries.Kind.PERCENT and value <= 0:
        raise ValidationError(
            _("An index level must be greater than zero."), code="range"
        )
    if value >= 10**8 or -int(value.normalize().as_tuple().exponent) > 4:
        raise ValidationError(
            _("Give the value with at most eight digits and four decimals."),
            code="digits",
        )
    row = series.values.filter(year=year, published_on=published_on).first()
    created = row is None
    if row is None:
        row = IndexValue(series=series, year=year, published_on=published_on)
    elif row.value == value and row.is_forecast == is_forecast:
        return row, False
    row.value = value
    row.is_forecast = is_forecast
    reason = reasons.INDEX_VALUE_ENTERED if created else reasons.INDEX_VALUE_CORRECTED
    history.save(row, by=by, reason=reasons.text(reason))
    return row, created
