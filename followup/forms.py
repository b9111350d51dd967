from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Evidence, Goal, ReportQuestion


class GoalForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=Goal.Status.choices, required=False
    )
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)


class DeviationForm(forms.Form):
    description = forms.CharField(label=_("deviation"), widget=forms.Textarea)
    found_on = forms.DateField(label=_("found on"))
    follow_up_by = forms.DateField(label=_("follow up by"), required=False)


YES_NO = (("", "–"), ("ja", _("Yes")), ("nej", _("No")))


class AnswerForm(forms.Form):
    yes_no = forms.ChoiceField(label=_("yes or no"), choices=YES_NO, required=False)
    text = forms.CharField(label=_("answer"), widget=forms.Textarea, required=False)
    evidence = forms.MultipleChoiceField(
        label=_("evidence basis"),
        choices=Evidence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, question: ReportQuestion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if question.kind != ReportQuestion.Kind.YES_NO:
            del self.fields["yes_no"]
        if not question.asks_evidence:
            del self.fields["evidence"]

    def yes_no_value(self) -> bool | None:
        return {"ja": True, "nej": False}.get(self.cleaned_data.get("yes_no") or "")
