"""The förbund's officials register and its logo: the writes the Administratör makes.

A logo is taken only as PNG or JPEG, as Pillow reads it (never by its name or stated
type: an SVG can carry script, and a file named .png can be anything), within a
size limit, and is stored re-encoded: what reaches the kallelse is pixels Pillow
wrote, without the upload's metadata or trailing bytes. A refused file changes
nothing and gets a message in Swedish.
"""

import datetime
import hashlib
import io

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core import history

from .models import Federation, Person
from .officials import Official

LOGO_MAX_BYTES = 2 * 1024 * 1024
# Pixels a side, read from the header before any decoding: a logo never needs more,
# and a 5 000 px square PNG of 97 kB decoded to some 330 MB on its way to 1 200 px.
LOGO_MAX_SIDE = 3000
LOGO_STORED_SIDE = 1200  # larger logos are scaled down when stored
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg"}


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("The file is not a PNG or JPEG image. Save the logo as PNG or JPEG."),
        code="not_image",
    )


def _read_logo(upload: UploadedFile) -> bytes:
    too_large = ValidationError(
        _("The logo is too large – max %(mb)s MB.")
        % {"mb": LOGO_MAX_BYTES // (1024 * 1024)},
        code="too_large",
    )
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise too_large
    upload.seek(0)
    data = upload.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise too_large
    return data


def _whole(image_module, data: bytes) -> None:
    """Refuse a cut-off file. Pillow's own check is off in any process that has
    imported WeasyPrint (it sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole
    process), so a PNG's chunks are verified up to its end and a JPEG must have one."""
    with image_module.open(io.BytesIO(data), formats=list(LOGO_FORMATS)) as probe:
        if probe.format == "PNG":
            probe.verify()
        elif b"\xff\xd9" not in data:
            raise _not_an_image()


def reencoded_logo(data: bytes) -> tuple[bytes, str]:
    """The image re-encoded by Pillow, and its file extension; refused unless
    Pillow reads it as PNG or JPEG whole."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # noqa: PLC0415 leaf

    try:
        _whole(Image, data)
        with Image.open(io.BytesIO(data), formats=list(LOGO_FORMATS)) as image:
            # A phone's JPEG with a second picture (MPO) is a JPEG: its first frame.
            kind = "JPEG" if image.format == "MPO" else image.format or ""
            if max(image.size) > LOGO_MAX_SIDE or min(image.size) < 1:
                raise ValidationError(
                    _(
                        "The logo is %(width)s × %(height)s pixels; at most "
                        "%(side)s pixels a side are accepted."
                    )
                    % {
                        "width": image.width,
                        "height": image.height,
                        "side": LOGO_MAX_SIDE,
                    },
                    code="too_many_pixels",
                )
            # Scaled down before it is turned and converted, so only one small copy
            # is made; a JPEG is decoded at a reduced scale from the start.
            image.draft("RGB", (LOGO_STORED_SIDE, LOGO_STORED_SIDE))
            image.thumbnail((LOGO_STORED_SIDE, LOGO_STORED_SIDE))
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
                upright.mode == "P" and "transparency" in upright.info
            )
            clean = upright.convert("RGBA" if has_alpha and kind == "PNG" else "RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise _not_an_image() from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _not_an_image() from error  # a truncated or damaged image
    out = io.BytesIO()
    if kind == "PNG":
        clean.save(out, format="PNG")
    else:
        clean.save(out, format="JPEG", quality=90)
    return out.getvalue(), LOGO_FORMATS[kind]


@transaction.atomic
def set_logo(
    federation: Federation, upload: UploadedFile, *, by: User | None
) -> Federation:
    """Store the förbund's logo, checked and re-encoded (see the module)."""
    content, extension = reencoded_logo(_read_logo(upload))
    federation = Federation.objects.select_for_update().get(pk=federation.pk)
    digest = hashlib.sha256(content).hexdigest()[:16]
    # A new name per content: the history keeps pointing at the earlier files.
    federation.logo.save(
        f"{federation.slug}-{digest}.{extension}", ContentFile(content), save=False
    )
    history.save(federation, by=by, reason="set_logo", update_fields=["logo"])
    return federation


@transaction.atomic
def remove_logo(federation: Federation, *, by: User) -> Federation:
    federation = Federation.objects.select_for_update().get(pk=federation.pk)
    if federation.logo:
        federation.logo = ""
        history.save(federation, by=by, reason="remove_logo", update_fields=["logo"])
    return federation


@transaction.atomic
def add_official(
    federation: Federation,
    *,
    role: str,
    title: str,
    valid_from: datetime.date,
    person: Person | None = None,
    name: str = "",
    by: User | None,
) -> Official:
    """A post held from a date. For the förbundsdirektör and the administrativ chef,
    one at a time: a holder without an end date before `valid_from` is ended the day
    before (the new one succeeds them); any other overlap is refused."""
    if role not in Official.Role.values:
        raise ValidationError(_("Choose a post from the list."))
    if person is not None and person.federation_id != federation.pk:
        raise ValidationError(_("The person belongs to another federation."))
    name = "" if person is not None else name.strip()
    if person is None and not name:
        raise ValidationError(_("Choose a person or give a name."))
    if not title.strip():
        raise ValidationError(_("Give the title printed under the signature."))
    Federation.objects.select_for_update().get(pk=federation.pk)  # one at a time
    if role in Official.SINGLE_POSTS:
        _make_room(federation, role, valid_from, by)
    official = Official(
        federation=federation,
        role=role,
        title=title.strip(),
        valid_from=valid_from,
        person=person,
        name=name,
    )
    history.save(official, by=by, reason="add_official")
    return official


def _make_room(
    federation: Federation, role: str, valid_from: datetime.date, by: User | None
) -> None:
    holders = Official.objects.filter(federation=federation, role=role).exclude(
        valid_to__lt=valid_from
    )
    for holder in holders:
        if holder.valid_to is None and holder.valid_from < valid_from:
            holder.valid_to = valid_from - datetime.timedelta(days=1)
            history.save(holder, by=by, reason="succeeded", update_fields=["valid_to"])
            continue
        raise ValidationError(
            _(
                "%(name)s holds the post %(post)s from %(start)s; one person at a "
                "time holds it. End that period first."
            )
            % {
                "name": holder.display_name,
                "post": holder.get_role_display(),
                "start": f"{holder.valid_from:%Y-%m-%d}",
            }
        )


@transaction.atomic
def end_official(
    official: Official, *, valid_to: datetime.date, by: User | None
) -> Official:
    """End a post on a date (the last day it is held)."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if official.valid_to is not None:
        raise ValidationError(_("That post has already ended."))
    if valid_to < official.valid_from:
        raise ValidationError(_("The post cannot end before it starts."))
    official.valid_to = valid_to
    history.save(official, by=by, reason="end_official", update_fields=["valid_to"])
    return official
