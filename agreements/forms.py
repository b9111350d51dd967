from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import Document
from core.forms import limit_choices
from federation.forms import DateInput
from federation.models import Federation, Member

from .models import Agreement, AgreementParty, DecidingBody, Notice, Ratification
from .services import DECIDED_TERMS, EDITABLE_FIELDS, PartySpec, parse_date
from .status import Status


class StrictDateField(forms.CharField):
    """A date written YYYY-MM-DD; anything else gets a message naming the field."""

    widget = DateInput

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_date(text, label=str(self.label))


class AgreementDates(forms.Form):
    """The agreement's dates, typed as 2024-03-01 (StrictDateField)."""

    valid_from = StrictDateField(label=_("Valid from"), required=False)
    valid_to = StrictDateField(
        label=_("Valid to"),
        required=False,
        help_text=_("Leave empty for an agreement that runs until further notice."),
    )
    earliest_end = StrictDateField(label=_("Earliest end"), required=False)
    ratify_by = StrictDateField(
        label=_("Ratify by"),
        required=False,
        help_text=_("Every party should have decided by this date."),
    )


class AgreementForm(AgreementDates, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members that are parties"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for a new version: it takes the earlier parties."),
    )
    member_deciding_body = forms.ChoiceField(
        label=_("Members decide in"),
        choices=DecidingBody.choices,
        initial=DecidingBody.KOMMUNFULLMAKTIGE,
        help_text=_("A region among the members decides in its regional council."),
    )
    external_parties = forms.CharField(
        label=_("External parties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. Mälardalens universitet."),
    )
    external_deciding_body = forms.ChoiceField(
        label=_("External parties decide in"),
        choices=DecidingBody.choices,
        initial=DecidingBody.STYRELSE,
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "short_name",
            "kind",
            "description",
            "valid_from",
            "valid_to",
            "notice_months",
            "earliest_end",
            "ends_for_all_on_exit",
            "ratify_by",
            "reminder_months",
            "reassess_before_term",
            "relation",
            "previous",
        ]

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "members", federation.members.all())
        limit_choices(self, "previous", federation.agreements.all())

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if bool(data.get("relation")) != bool(data.get("previous")):
            raise ValidationError(
                _("Choose both the earlier agreement and how this one relates to it.")
            )
        has_externals = bool((data.get("external_parties") or "").strip())
        if not (data.get("members") or data.get("previous") or has_externals):
            raise ValidationError(_("Choose the parties to the agreement."))
        return data

    def party_specs(self) -> list[PartySpec]:
        data = self.cleaned_data
        specs = []
        for member in data["members"]:
            body = data["member_deciding_body"]
            if (
                member.kind == Member.Kind.REGION
                and body == DecidingBody.KOMMUNFULLMAKTIGE
            ):
                body = DecidingBody.REGIONFULLMAKTIGE
            specs.append(PartySpec(body, member=member))
        for line in data["external_parties"].splitlines():
            if line.strip():
                specs.append(
                    PartySpec(
                        data["external_deciding_body"], external_name=line.strip()
                    )
                )
        return specs

    def agreement_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AgreementEditForm(AgreementDates, forms.ModelForm):
    """The agreement's own fields; its parties are changed elsewhere. Once a party
    has decided, the decided terms are shown but cannot be changed."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Agreement
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, decided: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if decided:
            for name in DECIDED_TERMS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Decided by a party: change it with a new version."
                )

    def agreement_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RatificationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Ratification.Outcome.choices
    )
    decided_on = StrictDateField(label=_("Decision date"), required=False)
    deciding_body = forms.ChoiceField(
        label=_("Deciding body"), choices=DecidingBody.choices
    )
    paragraph = forms.CharField(
        label=_("Paragraph"), max_length=40, required=False, help_text=_("E.g. § 45.")
    )
    protocol = forms.CharField(
        label=_("Minutes of a meeting"),
        max_length=200,
        required=False,
        help_text=_("E.g. the municipal council's meeting of 2024-02-12."),
    )
    document = forms.ModelChoiceField(
        label=_("Minutes extract (document)"),
        queryset=Document.objects.none(),
        required=False,
    )

    def __init__(self, *args, documents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "document", documents)


class NoticeForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=AgreementParty.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Notice.Kind.choices)
    given_on = StrictDateField(label=_("Given on"))
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "party", agreement.parties.select_related("member"))


class DocumentLinkForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Document"), queryset=Document.objects.none()
    )

    def __init__(self, *args, documents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "document", documents)


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Status.choices],
        required=False,
    )
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Member.objects.none(), required=False
    )
    expiring_months = forms.IntegerField(
        label=_("Ends within (months)"), min_value=0, max_value=120, required=False
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "party", federation.members.all())


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (k.value, k.label)
            for k in (
                Document.Kind.AVTAL,
                Document.Kind.BILAGA,
                Document.Kind.PROTOKOLLSUTDRAG,
                Document.Kind.SKRIVELSE,
                Document.Kind.OTHER,
            )
        ],
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Document.Direction.choices
    )
    date = StrictDateField(label=_("Date"))
    is_secret = forms.BooleanField(label=_("Secrecy"), required=False)
    osl_reference = forms.CharField(
        label=_("OSL reference"), max_length=100, required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "With the header titel;typ;gäller_från;gäller_till;uppsägningstid;"
            "parter (kommunkoder or names, separated by |). Semicolons, commas or "
            "tabs; UTF-8 or Latin-1."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
