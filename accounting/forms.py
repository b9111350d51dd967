from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import limit_choices
from core.swedish_numbers import SwedishDecimalField
from federation.models import Federation

from .models import Commitment, DriftLine


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = [
            "name",
            "description",
            "base_year",
            "base_amount",
            "index_series",
            "index_from",
        ]
        field_classes = {"base_amount": SwedishDecimalField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "index_series", federation.index_series.all())


class CommitmentYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    recognised = SwedishDecimalField(
        label=_("Recognised in base-year prices"),
        initial=0,
        max_digits=16,
        decimal_places=2,
    )
    uplift = SwedishDecimalField(
        label=_("Index uplift as booked"),
        required=False,
        help_text=_("Leave empty to compute it from the index series."),
        max_digits=16,
        decimal_places=2,
    )
    payment = SwedishDecimalField(
        label=_("Payment"), initial=0, max_digits=16, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class LedgerImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    file = forms.FileField(
        label=_("SIE 4 file"),
        help_text=_("The ledger's export of the year (SIE type 4, .se or .si)."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class BudgetForm(forms.Form):
    """One amount per driftredovisning line, signed as the table shows it."""

    def __init__(self, *args, lines: list[DriftLine], initial_amounts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = SwedishDecimalField(
                label=line.name,
                required=False,
                initial=initial_amounts.get(line.pk),
                max_digits=16,
                decimal_places=2,
            )

    def amounts(self) -> dict[DriftLine, Decimal | None]:
        return {line: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class ReassessmentForm(forms.Form):
    term_starts = forms.DateField(widget=forms.HiddenInput)
    decided_on = forms.DateField(
        label=_("Reassessed on"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(label=_("Decision or note"), max_length=300, required=False)
