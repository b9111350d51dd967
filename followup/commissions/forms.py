from django import forms
from django.utils.translation import gettext_lazy as _

from federation.forms import DateInput
from federation.models import Body, Federation, Person

from .models import DEFAULT_REMIND_DAYS, Commission

STATUS_FILTERS = (
    ("", _("All")),
    (Commission.State.PROPOSED, _("Proposed, to confirm")),
    (Commission.State.ONGOING, _("Ongoing")),
    ("overdue", _("Overdue")),
    (Commission.State.REPORTED, _("Reported back")),
    (Commission.State.CLOSED, _("Closed")),
)


class CommissionForm(forms.Form):
    what = forms.CharField(label=_("what"), widget=forms.Textarea(attrs={"rows": 3}))
    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False
    )
    assignee = forms.CharField(
        label=_("or role or title"), max_length=200, required=False
    )
    due_on = forms.DateField(label=_("due date"), widget=DateInput, required=False)
    report_to = forms.ModelChoiceField(
        label=_("report back to"), queryset=Body.objects.none(), required=False
    )
    remind_days = forms.IntegerField(
        label=_("reminder (days before the due date)"),
        min_value=0,
        max_value=365,
        initial=DEFAULT_REMIND_DAYS,
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            federation=federation
        )
        self.fields["report_to"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            federation=federation
        )

    @classmethod
    def of(cls, commission: Commission) -> "CommissionForm":
        return cls(
            federation=commission.federation,
            initial={
                "what": commission.what,
                "person": commission.person_id,
                "assignee": commission.assignee,
                "due_on": commission.due_on,
                "report_to": commission.report_to_id,
                "remind_days": commission.remind_days,
            },
        )


class CommissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=STATUS_FILTERS, required=False
    )
    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False
    )
    body = forms.ModelChoiceField(
        label=_("report back to"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            federation=federation, commissions__isnull=False
        ).distinct()
        self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            federation=federation
        )
