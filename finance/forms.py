from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.swedish_numbers import SwedishDecimalField, SwedishIntegerField
from federation.models import Federation

from .fee_model_page import MAX_PARTICIPANT_ROWS, MAX_PLAN_ROWS, bounded
from .models import (
    AgreedUplift,
    FeeModel,
    IndexSeries,
    Instalment,
    Participant,
    PopulationFigure,
)
from .services import FeeModelEdit, RowEdit


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A foreign key's field, which a ModelForm makes a ModelChoiceField."""
    return cast(forms.ModelChoiceField, form.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class PopulationImportForm(UploadForm):
    source = forms.CharField(
        label=_("Source"), max_length=200, initial="SCB, Statistikdatabasen"
    )


class PopulationConfirmForm(forms.Form):
    """Names the plan the page showed (finance.population_import): its digest."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class PopulationForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=100, required=False
    )

    class Meta:
        model = PopulationFigure
        fields = ["population", "reference_date", "source"]
        field_classes = {"population": SwedishIntegerField}
        widgets = {"reference_date": DateInput()}


class IndexSeriesForm(forms.ModelForm):
    class Meta:
        model = IndexSeries
        fields = ["code", "name", "kind", "source"]


class RunForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    as_of = forms.DateField(
        label=_("Index values as of"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class FreezeYearsField(forms.CharField):
    """Years as "2024, 2025" in the form, a sorted list of ints in the model."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(year) for year in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        years = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            # isascii: "²" is a digit to isdigit() that int() refuses.
            if not (part.isascii() and part.isdigit() and len(part) == 4):
                raise ValidationError(
                    _('"%(part)s" is not a year.'), params={"part": part}
                )
            years.append(int(part))
        return sorted(set(years))


class FeeModelForm(forms.ModelForm):
    freeze_years = FreezeYearsField(
        label=_("Years without uplift"),
        required=False,
        help_text=_("For example 2024, 2025."),
    )

    class Meta:
        model = FeeModel
        fields = [
            "activity",
            "agreement",
            "name",
            "method",
            "base_year",
            "rate",
            "fixed_amount",
            "total_amount",
            "unit_price",
            "population_year_offset",
            "uplift",
            "uplift_percent",
            "index_series",
            "index_read_month",
            "index_read_day",
            "freeze_years",
            "rounding",
            "valid_from",
            "valid_to",
            "move_weekend_due_dates",
            "is_active",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        field_classes = {
            "rate": SwedishDecimalField,
            "fixed_amount": SwedishDecimalField,
            "total_amount": SwedishDecimalField,
            "unit_price": SwedishDecimalField,
            "uplift_percent": SwedishDecimalField,
        }

    def __init__(self, *args, federation: Federation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.federation = federation
        # The förbund's own rows only: a choice of another förbund is refused.
        _choices(self, "activity").queryset = federation.activities.all()
        _choices(self, "index_series").queryset = federation.index_series.all()
        _choices(self, "agreement").queryset = federation.agreements.all()

    def clean(self):
        data = super().clean()
        method = data.get("method")
        needs = {
            FeeModel.Method.PER_CAPITA: ["rate"],
            FeeModel.Method.FIXED: ["fixed_amount"],
            FeeModel.Method.FIXED_PLUS_PER_CAPITA: ["fixed_amount", "rate"],
            FeeModel.Method.POPULATION_SHARE: ["total_amount"],
            FeeModel.Method.PER_UNIT: ["unit_price"],
        }.get(method, [])
        # A field refused as typed already says why; "needs a value" would not.
        for name in needs:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("This method needs a value here."))
        if data.get("uplift") == FeeModel.Uplift.FIXED and (
            data.get("uplift_percent") is None and "uplift_percent" not in self.errors
        ):
            self.add_error("uplift_percent", _("Give the percentage."))
        if data.get("uplift") == FeeModel.Uplift.INDEX and not data.get("index_series"):
            self.add_error("index_series", _("Choose the index series."))
        return data


class BaseInstalmentFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        percents = [
            form.cleaned_data["percent"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("percent") is not None
        ]
        if percents and sum(percents) != 100:
            raise ValidationError(_("The instalments must add up to 100 per cent."))


class BaseParticipantFormSet(BaseInlineFormSet):
    def __init__(self, *args, federation: Federation, **kwargs):
        super().__init__(*args, **kwargs)
        members = federation.members.all()
        for form in [*self.forms, self.empty_form]:
            _choices(form, "member").queryset = members


ParticipantFormSet = inlineformset_factory(
    FeeModel,
    Participant,
    formset=BaseParticipantFormSet,
    fields=["member", "rate", "fixed_amount", "valid_from", "valid_to"],
    field_classes={"rate": SwedishDecimalField, "fixed_amount": SwedishDecimalField},
    widgets={"valid_from": DateInput(), "valid_to": DateInput()},
    # One empty row; "Lägg till deltagare" adds another (finance.fee_model_page).
    extra=1,
    can_delete=True,
    **bounded(MAX_PARTICIPANT_ROWS),
)
InstalmentFormSet = inlineformset_factory(
    FeeModel,
    Instalment,
    formset=BaseInstalmentFormSet,
    fields=["position", "percent", "due_month", "due_day"],
    field_classes={"percent": SwedishDecimalField},
    extra=2,
    can_delete=True,
    **bounded(MAX_PLAN_ROWS),
)
AgreedUpliftFormSet = inlineformset_factory(
    FeeModel,
    AgreedUplift,
    fields=["year", "percent", "agreed_on", "cutoff_on", "note"],
    field_classes={"percent": SwedishDecimalField},
    widgets={"agreed_on": DateInput(), "cutoff_on": DateInput()},
    extra=1,
    can_delete=True,
    **bounded(MAX_PLAN_ROWS),
)


def as_fee_model_edit(
    form: FeeModelForm,
    participants: BaseInlineFormSet,
    instalments: BaseInlineFormSet,
    agreed_uplifts: BaseInlineFormSet,
) -> FeeModelEdit:
    """What the valid forms of the fee model's page say, as plain data for
    finance.services.save_fee_model."""
    return FeeModelEdit(
        values=_values(form),
        participants=_row_edits(participants),
        instalments=_row_edits(instalments),
        agreed_uplifts=_row_edits(agreed_uplifts),
    )


def _values(form: forms.ModelForm) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields or ()}


def _row_edits(formset: BaseInlineFormSet) -> list[RowEdit]:
    """The rows that change anything, in the page's order: what formset.save()
    would save or delete (an empty extra row is no row)."""
    edits = []
    for form in formset.initial_forms:
        if form.instance._state.adding:
            # An id not among the model's rows (another model's, a deleted row):
            # formset.save() skips the row, and so does this.
            continue
        if form in formset.deleted_forms:
            edits.append(RowEdit(form.instance.pk, delete=True))
        elif form.has_changed():
            edits.append(RowEdit(form.instance.pk, _values(form)))
    for form in formset.extra_forms:
        if form.has_changed() and not form.cleaned_data.get("DELETE"):
            edits.append(RowEdit(None, _values(form)))
    return edits


class ActivityForm(forms.Form):
    """A verksamhet's name and description (finance.activities.save_activity)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IndexValueForm(forms.Form):
    """One year's value of a series typed by hand, "3,5" or "1 270 000"
    (finance.activities.set_index_value)."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    value = SwedishDecimalField(label=_("Value"), max_digits=12, decimal_places=4)
    published_on = forms.DateField(
        label=_("Published"),
        widget=DateInput(),
        help_text=_("The same year and date replaces that value (a correction)."),
    )
    is_forecast = forms.BooleanField(label=_("Forecast"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()
