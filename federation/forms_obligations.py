"""Forms of the bodies' obligations (issue 22.2)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import limit_choices

from .models import Body, Person
from .models_obligations import BodyRules


class BodyRulesForm(forms.ModelForm):
    kallelse_lead_days = forms.IntegerField(
        label=_("Kallelse lead time (days)"), min_value=0, max_value=90
    )

    class Meta:
        model = BodyRules
        fields = [
            "min_meetings_per_year",
            "signed_by",
            "justerare_count",
            "extra_meeting_share",
            "expedite_to",
            "reports_to",
            "reports_per_year",
            "reassessment",
            "source",
        ]
        widgets = {"expedite_to": forms.CheckboxSelectMultiple}

    def __init__(self, *args, body: Body, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        others = Body.objects.filter(federation_id=body.federation_id).exclude(
            pk=body.pk
        )
        limit_choices(self, "expedite_to", others.filter(member__isnull=False))
        limit_choices(self, "reports_to", others)
        self.fields["kallelse_lead_days"].initial = body.kallelse_lead_days
        self.order_fields(["kallelse_lead_days", *self.Meta.fields])


class ExtraMeetingForm(forms.Form):
    """The secretary records who asked; a ledamot asks for themself (no person)."""

    person = forms.ModelChoiceField(
        label=_("Who asked"), queryset=Person.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, persons=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if persons is None:
            del self.fields["person"]
        else:
            limit_choices(self, "person", persons)
            self.fields["person"].required = True
