from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from federation.models import Body, Federation, Member

from .models import Case, DelegationDecision, Document
from .permissions import WRITER_ROLES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A model field's choice field: Form.fields is typed as holding plain Fields."""
    return cast(forms.ModelChoiceField, form.fields[name])


def staff_users(federation: Federation) -> QuerySet[User]:
    return (
        User.objects.filter(
            role_grants__federation=federation, role_grants__role__in=WRITER_ROLES
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class CaseForm(forms.ModelForm):
    """The ärende and its tjänsteskrivelse; cleaned_data goes to a service."""

    handlaggare = UserChoiceField(
        queryset=User.objects.none(), required=False, label=_("case officer")
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "handlaggare",
            "status",
            "opened_on",
            "bodies",
            "proposal",
            "description",
            "child_impact",
            "basis_documents",
            "basis_other",
            "recipient_members",
            "recipient_bodies",
            "recipients_external",
        ]
        widgets = {
            "opened_on": DateInput(),
            "bodies": forms.CheckboxSelectMultiple,
            "basis_documents": forms.CheckboxSelectMultiple,
            "recipient_members": forms.CheckboxSelectMultiple,
            "recipient_bodies": forms.CheckboxSelectMultiple,
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "child_impact": forms.Textarea(attrs={"rows": 3}),
            "basis_other": forms.Textarea(attrs={"rows": 3}),
            "recipients_external": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "proposal": _("One decision point per line; several lines become numbers.")
        }

    def __init__(self, *args, federation: Federation, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "handlaggare").queryset = staff_users(federation)
        bodies = Body.objects.filter(federation=federation)
        _choices(self, "bodies").queryset = bodies.exclude(kind=Body.Kind.EXTERNAL)
        _choices(self, "recipient_bodies").queryset = bodies
        _choices(self, "recipient_members").queryset = Member.objects.filter(
            federation=federation
        )
        if self.instance.pk:
            # The diarienummer follows the year opened, so the date is fixed.
            del self.fields["opened_on"]
            _choices(self, "basis_documents").queryset = documents
        else:
            del self.fields["basis_documents"]
            self.fields["opened_on"].required = False


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    title = forms.CharField(label=_("title"), max_length=300)
    kind = forms.ChoiceField(label=_("kind"), choices=Document.Kind.choices)
    direction = forms.ChoiceField(
        label=_("direction"), choices=Document.Direction.choices
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    counterpart = forms.CharField(
        label=_("sender or recipient"), max_length=300, required=False
    )
    case = forms.ModelChoiceField(
        label=_("case"), queryset=Case.objects.none(), required=False
    )
    is_secret = forms.BooleanField(label=_("secrecy"), required=False)
    osl_reference = forms.CharField(
        label=_("OSL reference"),
        max_length=100,
        required=False,
        help_text=_("Required with secrecy, e.g. 19 kap. 3 § OSL."),
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "case").queryset = Case.objects.filter(federation=federation)


class DocumentEditForm(DocumentForm):
    """The handling's metadata; the file itself is never replaced."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["file"]


class DiariumFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    direction = forms.ChoiceField(
        label=_("direction"),
        choices=[("", _("All")), *Document.Direction.choices],
        required=False,
    )
    # A diarienummer typed in, not a list of every ärende: a large förbund has tens
    # of thousands.
    case = forms.CharField(
        label=_("case"),
        required=False,
        help_text=_("Diarienummer, e.g. BRS 2024-17."),
    )
    counterpart = forms.CharField(label=_("sender or recipient"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("", _("Newest first")), ("relevance", _("Best match first"))],
        required=False,
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.federation = federation


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[("", _("All")), *Case.Status.choices],
        required=False,
    )
    year = forms.IntegerField(label=_("year"), required=False, min_value=1900)
    handlaggare = UserChoiceField(
        label=_("case officer"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "handlaggare").queryset = staff_users(federation)


class DelegationDecisionForm(forms.ModelForm):
    class Meta:
        model = DelegationDecision
        fields = ["date", "decision", "delegate", "case"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "case").queryset = Case.objects.filter(federation=federation)


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("Registered from"), widget=DateInput())
    until = forms.DateField(label=_("Registered until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
