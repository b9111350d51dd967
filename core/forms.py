import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

SHA256 = re.compile(r"[0-9a-f]{64}")


class VerifyForm(forms.Form):
    """A PDF to check, or the sha256 of one: exactly one of them."""

    file = forms.FileField(
        label=_("PDF file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    sha256 = forms.CharField(
        label=_("Or its sha256 checksum"),
        required=False,
        max_length=100,
        help_text=_("64 hexadecimal characters."),
    )

    def clean_file(self) -> bytes | None:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > settings.SEAL_VERIFY_MAX_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(mb)s MB."),
                params={"mb": settings.SEAL_VERIFY_MAX_MB},
            )
        data = upload.read()
        # PDF readers accept the header anywhere in the first kilobyte.
        if b"%PDF-" not in data[:1024]:
            raise ValidationError(_("The file is not a PDF."))
        return data

    def clean_sha256(self) -> str:
        value = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if value and not SHA256.fullmatch(value):
            raise ValidationError(_("A sha256 checksum is 64 hexadecimal characters."))
        return value

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors and bool(cleaned.get("file")) == bool(cleaned.get("sha256")):
            raise ValidationError(_("Choose a PDF file or paste a sha256 checksum."))
        return cleaned


def limit_choices(form: forms.BaseForm, name: str, rows: QuerySet[Model]) -> None:
    """Offer the model choice field `name` only these rows (the förbund's own).
    form.fields is typed as holding plain Fields, which have no queryset."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name!r} is not a model choice field")
    field.queryset = rows
