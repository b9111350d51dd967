"""The fee model's page in sections that fold (<details>), and its "Lägg till
deltagare": the page sent back with one more empty participant row, server-side,
so that it works without any script (issue 20.7)."""

from dataclasses import dataclass, field

from django import forms
from django.forms import BaseInlineFormSet
from django.forms.utils import ErrorDict, ErrorList
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The name of the submit button that asks for one more row.
ADD_PARTICIPANT = "add_participant"
# The most rows a formset of the page reads or shows: a national model has 290
# members (a few with two periods), a payment plan or its uplifts a few rows. A
# crafted TOTAL_FORMS of 100 000 would otherwise render Django's 2 000 rows, each
# participant row with every member in its list (megabytes, seconds of a worker).
MAX_PARTICIPANT_ROWS = 600
MAX_PLAN_ROWS = 100


def bounded(rows: int) -> dict:
    """The inlineformset_factory arguments that read at most `rows` rows and
    refuse more with Django's own message."""
    return {"max_num": rows, "absolute_max": rows, "validate_max": True}


FIELD_SECTIONS: list[tuple[str, Promise, list[str]]] = [
    (
        "basics",
        _("Fee model"),
        ["activity", "agreement", "name", "method", "is_active"],
    ),
    (
        "amounts",
        _("Amounts"),
        [
            "base_year",
            "rate",
            "fixed_amount",
            "total_amount",
            "unit_price",
            "population_year_offset",
            "rounding",
        ],
    ),
    (
        "uplift",
        _("Uplift"),
        [
            "uplift",
            "uplift_percent",
            "index_series",
            "index_read_month",
            "index_read_day",
            "freeze_years",
        ],
    ),
    (
        "validity",
        _("Validity and due dates"),
        ["valid_from", "valid_to", "move_weekend_due_dates"],
    ),
]
FORMSET_SECTIONS: list[tuple[str, Promise]] = [
    ("participants", _("Participants")),
    ("instalments", _("Payment plan")),
    ("agreed-uplifts", _("Agreed uplifts")),
]


@dataclass
class Section:
    key: str
    title: Promise
    is_open: bool
    fields: list[forms.BoundField] = field(default_factory=list)
    formset: BaseInlineFormSet | None = None

    @property
    def can_grow(self) -> bool:
        return self.key == "participants"


def with_one_more_row(data: QueryDict, prefix: str) -> QueryDict:
    """The page's data with room for one more row of the formset `prefix`."""
    grown = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(grown.get(key, "0"))
    except ValueError:
        total = 0  # the formset itself reports its broken management form
    grown[key] = str(min(max(total, 0) + 1, MAX_PARTICIPANT_ROWS))
    return grown


def grown_page(
    form: forms.BaseForm,
    formsets: list[BaseInlineFormSet],
    participants: BaseInlineFormSet,
) -> None:
    """Show the forms as typed without checking them: the errors wait until the
    ekonom saves (an unfinished row is no error yet). The new row gets the focus."""
    # Django's own marks of "checked, no errors": errors then never runs the checks.
    for each in [form, *(f for formset in formsets for f in formset.forms)]:
        each._errors = ErrorDict()  # type: ignore[attr-defined]
    for formset in formsets:
        formset._errors = []  # type: ignore[attr-defined]
        formset._non_form_errors = ErrorList()  # type: ignore[attr-defined]
    if participants.forms:
        member = participants.forms[-1].fields["member"]
        member.widget.attrs["autofocus"] = True


def form_sections(
    form: forms.BaseForm, formsets: list[BaseInlineFormSet], *, adding: bool
) -> list[Section]:
    """The page's sections in order. A section is open when it is the first, when
    the model is new, when it holds an error, or when it has just grown."""
    new = form.instance.pk is None if isinstance(form, forms.ModelForm) else False
    sections = []
    for key, title, names in FIELD_SECTIONS:
        fields = [form[name] for name in names if name in form.fields]
        has_error = any(f.errors for f in fields)
        sections.append(
            Section(key, title, new or key == "basics" or has_error, fields=fields)
        )
    for (key, title), formset in zip(FORMSET_SECTIONS, formsets, strict=True):
        has_error = bool(formset.total_error_count()) if formset.is_bound else False
        grown = adding and key == "participants"
        is_open = grown or has_error or (new and key != "agreed-uplifts")
        sections.append(Section(key, title, is_open, formset=formset))
    return sections
