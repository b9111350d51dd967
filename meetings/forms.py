import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import limit_choices
from federation.models import Body, Person

from .forhinder_models import ERSATTARE_STEPS
from .models import CONTENT_KINDS, AgendaItem, ItemKind

# C0 control characters (and DEL) but tab, line feed, carriage return and NUL (the
# field refuses it, with its message): pasted
# from other programs they print as boxes in the kallelse.
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainTextField(forms.CharField):
    """Text as printed: control characters removed silently (a BEL or a vertical
    tab is never meant; the rest of the text is kept)."""

    def to_python(self, value: object) -> str | None:
        if isinstance(value, str):
            value = _CONTROLS.sub("", value)
        return super().to_python(value)


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), label=_("Body"))
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_at = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Ends"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def __init__(self, *args, federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "body", federation.bodies.exclude(kind=Body.Kind.EXTERNAL))


KIND_CHOICES = [(k.value, k.label) for k in ItemKind if k in CONTENT_KINDS]


class AgendaForm(forms.Form):
    """Every agenda change carries the version it was made on (optimistic lock)."""

    agenda_version = forms.IntegerField(widget=forms.HiddenInput)


class FreeItemForm(AgendaForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    title = PlainTextField(label=_("Title"), max_length=300)
    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=0, max_value=600, required=False
    )
    presenter = PlainTextField(label=_("Presenter"), max_length=200, required=False)
    note = PlainTextField(
        label=_("Note"),
        max_length=1000,
        required=False,
        help_text=_("Printed under the item, e.g. “VGR deltar”."),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)


class ItemForm(AgendaForm):
    """An item changed after it was added: a standard item keeps its kind."""

    title = PlainTextField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    minutes = forms.IntegerField(
        label=_("Minutes"), min_value=0, max_value=600, required=False
    )
    presenter = PlainTextField(label=_("Presenter"), max_length=200, required=False)
    note = PlainTextField(
        label=_("Note"),
        max_length=1000,
        required=False,
        help_text=_("Printed under the item, e.g. “VGR deltar”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(self, *args, item: AgendaItem, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "agenda_version": item.meeting.agenda_version,
                "title": item.title,
                "kind": item.kind,
                "minutes": item.minutes,
                "presenter": item.presenter,
                "note": item.note,
                "is_public": item.is_public,
            },
        )
        super().__init__(*args, **kwargs)
        if item.is_standard:
            del self.fields["kind"]
        # Unique per item: the builder may show one item's form among the rows.
        self.auto_id = f"item{item.pk}_%s"
        self.item_pk = item.pk

    def changes(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "agenda_version"
        }


class CaseItemForm(AgendaForm):
    case = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=KIND_CHOICES, initial=ItemKind.DECISION
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, required=False)
    presenter = PlainTextField(label=_("Presenter"), max_length=200, required=False)


class MoveForm(AgendaForm):
    offset = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)


class PublishForm(forms.Form):
    # The number the new version gets, as the page showed it: a second submit of
    # the same page finds that version published and publishes nothing.
    number = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    late_reason = forms.CharField(
        label=_("Reason for a late kallelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    change_note = PlainTextField(
        label=_("What the supplementary documents change"),
        required=False,
        # Kept as typed when an htmx change of the agenda renews the section.
        widget=forms.Textarea(attrs={"rows": 2, "hx-preserve": "true"}),
    )


class NotificationEntryForm(forms.Form):
    """Leave an entry out of the anmälningsärenden, or add one from the diarium."""

    kind = forms.ChoiceField(
        choices=[("document", "document"), ("delegation", "delegation")]
    )
    object_id = forms.IntegerField(label=_("Number in the register"), min_value=1)
    include = forms.BooleanField(required=False)


STANDARD_CHOICES = [(k.value, k.label) for k in ItemKind if k not in CONTENT_KINDS]


class BodyMeetingSettingsForm(forms.Form):
    standard_items = forms.MultipleChoiceField(
        label=_("Standard items of a new meeting"),
        choices=STANDARD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are put on the agenda in this order."),
    )
    default_place = forms.CharField(
        label=_("Usual place"), max_length=300, required=False
    )


class _ChoicesInOneQuery(forms.models.ModelChoiceIterator):
    """The choices read as a plain query: Django's default iterator() becomes a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips)."""

    def __iter__(self):
        for obj in self.queryset:
            yield self.choice(obj)


class _OfficialsField(forms.ModelMultipleChoiceField):
    iterator = _ChoicesInOneQuery


class InvitedForm(forms.Form):
    invited = _OfficialsField(
        label=_("Invited officials"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Officials are the persons with a title (staff) in the register.
        limit_choices(self, "invited", federation.persons.exclude(title=""))


class ForhinderSettingsForm(forms.Form):
    """A body's rules for förhinder: the order ersättare are called in (up to four
    steps), how long each has to answer, party groups, distansdeltagande."""

    allows_distance = forms.BooleanField(
        label=_("Members may take part at a distance"),
        required=False,
        help_text=_("Only where the body has decided so (kommunallagen 5:16, 6:24)."),
    )
    answer_hours = forms.IntegerField(
        label=_("Hours a substitute has to answer"), min_value=1, max_value=240
    )
    party_groups = forms.CharField(
        label=_("Party groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One group per line, the parties' abbreviations: M, KD, L"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *ERSATTARE_STEPS.items()]
        for number in range(1, len(ERSATTARE_STEPS) + 1):
            self.fields[f"step_{number}"] = forms.ChoiceField(
                label=_("Step %(number)s") % {"number": number},
                choices=choices,
                required=False,
            )

    @property
    def step_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("step_")]

    def clean(self) -> dict:
        data = super().clean() or {}
        steps = [data.pop(f.name) for f in self.step_fields if f.name in data]
        data["ersattare_steps"] = [step for step in steps if step]
        text = data.get("party_groups", "") or ""
        data["party_groups"] = [
            [p.strip() for p in line.split(",") if p.strip()]
            for line in text.splitlines()
            if line.strip()
        ]
        return data
