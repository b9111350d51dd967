"""Forms of the statements, the instalments sent and a verksamhet's year (issue
20.3, 20.8). Rules live in finance.adjustments; the forms only read input."""

from typing import cast

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.swedish_numbers import SwedishDecimalField
from federation.models import Federation

from .models import ActivityYear, Adjustment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InstalmentSentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()


class ActivityYearForm(forms.ModelForm):
    class Meta:
        model = ActivityYear
        fields = [
            "activity",
            "year",
            "carried_in",
            "carried_in_lowers_fees",
            "carried_out",
            "other_payer",
            "other_payer_amount",
            "other_payer_percent",
        ]
        field_classes = {
            "carried_in": SwedishDecimalField,
            "carried_out": SwedishDecimalField,
            "other_payer_amount": SwedishDecimalField,
            "other_payer_percent": SwedishDecimalField,
        }

    def __init__(self, *args, federation: Federation, **kwargs):
        super().__init__(*args, **kwargs)
        activity = cast(forms.ModelChoiceField, self.fields["activity"])
        activity.queryset = federation.activities.order_by("name")
        year = cast(forms.IntegerField, self.fields["year"])
        year.min_value, year.max_value = 2000, 2100
        if self.instance.pk is None:
            year.initial = timezone.localdate().year + 1

    def _post_clean(self) -> None:
        # The unique year and the one share are the service's rules, said in its
        # words (finance.adjustments); the model's own checks would say them in
        # the constraint's name.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields)


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = Adjustment
        fields = ["amount", "reason", "member"]
        field_classes = {"amount": SwedishDecimalField}

    def __init__(self, *args, federation: Federation, **kwargs):
        super().__init__(*args, **kwargs)
        member = cast(forms.ModelChoiceField, self.fields["member"])
        member.queryset = federation.members.order_by("name")
        member.empty_label = str(_("Shared by every member"))
