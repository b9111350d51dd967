"""Issue 16.1, the adversary review: features the first check did not look at.

- JavaScript a 3D annotation runs when its model loads (/OnInstantiate), and the media
  annotations (3D, RichMedia, Screen, Movie, Sound) that play content;
- JavaScript in a revision that a later incremental update replaced: the file as
  stored still holds it, and a viewer showing the earlier (signed) revision runs it;
- an image whose width and height are written as reals, which viewers truncate.
"""

import io
import re
import zlib
from typing import Any

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from pikepdf import Array, Dictionary, Name, String

from cases.pdf_validation import check_pdf
from tests.security.hostile_pdfs import link, one_page


def _code(content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_pdf(content)
    assert refused.value.code is not None
    return refused.value.code


def _annotation(pdf: pikepdf.Pdf, subtype: str, **entries: Any) -> None:
    annotation = Dictionary(
        Type=Name.Annot, Subtype=Name(subtype), Rect=[0, 0, 100, 100], **entries
    )
    pdf.pages[0].obj.Annots = Array([annotation])


def test_javascript_run_when_a_3d_model_loads_is_refused():
    def mutate(pdf: pikepdf.Pdf) -> None:
        model = pdf.make_stream(b"U3D\x00", Type=Name("/3D"), Subtype=Name("/U3D"))
        model.OnInstantiate = pdf.make_stream(b"app.alert('3D')")
        _annotation(pdf, "/3D", **{"/3DD": model})

    assert _code(one_page(mutate)) == "javascript"


@pytest.mark.parametrize(
    "subtype", ["/3D", "/RichMedia", "/Screen", "/Movie", "/Sound"]
)
def test_media_and_3d_annotations_are_refused(subtype):
    content = one_page(lambda pdf: _annotation(pdf, subtype))

    assert _code(content) == "media"


def _replace_object(content: bytes, number: int, body: bytes) -> bytes:
    """An incremental update: the file with object `number` replaced by `body`."""
    startxref = int(re.findall(rb"startxref\s+(\d+)", content)[-1])
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root, size = pdf.Root.objgen[0], int(pdf.trailer.Size)
    offset = len(content)
    update = b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = offset + len(update)
    update += b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    update += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (
        size,
        root,
        startxref,
    )
    return content + update + b"startxref\n%d\n%%%%EOF\n" % xref


def test_javascript_that_a_later_revision_replaced_is_refused():
    def mutate(pdf: pikepdf.Pdf) -> None:
        script = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))
        link(pdf, pdf.make_indirect(script))

    content = one_page(mutate)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        (number,) = [
            obj.objgen[0]
            for obj in pdf.objects
            if isinstance(obj, Dictionary) and "/JS" in obj
        ]
    updated = _replace_object(content, number, b"<< /S /GoTo /D [0 /Fit] >>")
    with pikepdf.open(io.BytesIO(updated)) as pdf:
        assert not any(
            isinstance(obj, Dictionary) and "/JS" in obj for obj in pdf.objects
        )

    assert _code(updated) == "javascript"


def test_a_signed_style_update_of_a_clean_file_still_passes():
    content = one_page()
    with pikepdf.open(io.BytesIO(content)) as pdf:
        number = pdf.Root.objgen[0]
        catalog = pdf.Root.unparse(resolved=True)
    updated = _replace_object(content, number, catalog[:-2] + b" /Lang (sv) >>")

    assert check_pdf(updated).content == updated


def test_an_image_declaring_its_size_in_reals_is_measured():
    def mutate(pdf: pikepdf.Pdf) -> None:
        image = pdf.make_stream(
            zlib.compress(b"\0" * 16),
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=pikepdf.Object.parse(b"60000.0"),
            Height=pikepdf.Object.parse(b"60000.0"),
            ColorSpace=Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=Name.FlateDecode,
        )
        pdf.pages[0].obj.Resources = Dictionary(XObject=Dictionary(Im0=image))

    assert _code(one_page(mutate)) == "too_much_data"
