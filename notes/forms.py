from django import forms
from django.utils.translation import gettext_lazy as _

from .services import MAX_LENGTH, MAX_RETENTION_DAYS


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can read your notes."),
    )
    page = forms.IntegerField(label=_("Page"), min_value=1, required=False)

    def __init__(self, *args, with_page: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_page:
            del self.fields["page"]


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Days notes are kept after the assignment ends"),
        min_value=0,
        max_value=MAX_RETENTION_DAYS,
    )
