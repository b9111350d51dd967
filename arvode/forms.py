import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from federation.models import Member, Person


class PeriodForm(forms.Form):
    """Which month and member kommun: ?month=2024-03&member=<pk>."""

    month = forms.CharField(label=_("Month"), required=False)
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("All members"),
    )

    def __init__(self, *args, members=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = members if members is not None else Member.objects.none()

    def clean_month(self) -> datetime.date | None:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return None
        year, _dash, month = raw.partition("-")
        try:
            return datetime.date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(_("Give the month as 2024-03.")) from None


class AttendanceCorrectionForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    is_present = forms.BooleanField(label=_("Present"), required=False)
    at_distance = forms.BooleanField(label=_("Took part at a distance"), required=False)
    time_from = forms.TimeField(
        label=_("From"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Empty: the meeting's time."),
    )
    time_to = forms.TimeField(
        label=_("To"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Empty: the meeting's time."),
    )
    reason = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args, persons=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = persons if persons is not None else Person.objects.none()
