from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import DelegationDecision
from federation.models import Body
from minutes.models import Anslag

from .models import Begaran


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


class BegaranForm(forms.Form):
    """A begäran att ta del av allmän handling: the name is optional (one may ask
    anonymously, TF 2 kap. 18 §), a way to answer is not."""

    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=200,
        required=False,
        help_text=_("You may ask anonymously."),
    )
    contact = forms.CharField(
        label=_("E-mail or postal address"),
        max_length=300,
        help_text=_("Where we send the document or our answer."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Begaran.Format.choices)


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    body = forms.ModelChoiceField(
        label=_("What to follow"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("Everything of the federation"),
    )

    def __init__(self, *args, bodies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class NoticeForm(forms.Form):
    """A delegationsbeslut announced, or another notice, for the anslagstavla."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Anslag.Kind.DELEGATIONSBESLUT, Anslag.Kind.DELEGATIONSBESLUT.label),
            (Anslag.Kind.OTHER, Anslag.Kind.OTHER.label),
        ],
    )
    delegation_decision = forms.ModelChoiceField(
        label=_("Delegation decision"),
        queryset=DelegationDecision.objects.none(),
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    posted_on = forms.DateField(label=_("Posted"), required=False)
    takes_down_on = forms.DateField(
        label=_("To be taken down"),
        required=False,
        help_text=_("For another notice; three weeks when empty."),
    )

    def __init__(self, *args, decisions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            field = self.fields["delegation_decision"]
            field.queryset = decisions  # type: ignore[attr-defined]
