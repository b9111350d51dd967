"""Issue 16.1, tried as an adversary would: the same content hidden in the ways a PDF
allows (escaped names, object streams, loops, chains, incremental updates, odd
links, many small bombs, odd filters) is refused all the same."""

import io
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from pikepdf import Array, Dictionary, Name, String

from cases import pdf_validation
from cases.pdf_validation import check_pdf
from tests.security.hostile_pdfs import flate_zeros, link, one_page, save, uri

MIB = 1024 * 1024


def _code(content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_pdf(content)
    assert refused.value.code is not None
    return refused.value.code


def test_names_written_with_hex_escapes_are_read_as_the_names_they_spell():
    content = save(
        _with_uri_link("x"),
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=False,
    )
    escaped = content.replace(b"/S /URI", b"/S /J#61vaScript").replace(
        b"/URI (x)", b"/J#53 (x)"
    )

    assert b"/JavaScript" not in escaped
    assert _code(escaped) == "javascript"


def _with_uri_link(target: str) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    link(pdf, Dictionary(S=Name.URI, URI=String(target)))
    return pdf


def test_javascript_inside_a_compressed_object_stream_is_found():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Hidden = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("x")))
    content = save(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)

    assert b"/JavaScript" not in content
    assert _code(content) == "javascript"


def _loop(last: Dictionary) -> bytes:
    """Two actions that are each other's /Next, with `last` hanging off the loop."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    first = pdf.make_indirect(Dictionary(S=Name.GoTo, D=Array([0, Name.Fit])))
    second = pdf.make_indirect(Dictionary(S=Name.GoTo, D=Array([0, Name.Fit])))
    first.Next, second.Next = second, Array([first, last])
    link(pdf, first)
    return save(pdf)


def test_a_loop_of_actions_ends_and_what_hangs_off_it_is_seen():
    assert check_pdf(_loop(Dictionary(S=Name.GoTo, D=[0]))).page_count == 1
    assert _code(_loop(Dictionary(S=Name.Launch, F=String("cmd.exe")))) == "action"


def test_a_page_action_running_javascript_is_refused():
    def mutate(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS="x"))

    assert _code(one_page(mutate)) == "javascript"


def test_a_harmless_page_action_is_stripped_before_storing():
    def mutate(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.GoTo, D=[0]))

    checked = check_pdf(one_page(mutate))

    with pikepdf.open(io.BytesIO(checked.content)) as pdf:
        assert "/AA" not in pdf.pages[0].obj


def _incremental_update(content: bytes, catalog_extra: bytes) -> bytes:
    """The file with an appended revision whose catalog gains `catalog_extra`."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        number = pdf.Root.objgen[0]
        catalog = pdf.Root.unparse(resolved=True)
        size = int(pdf.trailer.Size)
    startxref = int(re.findall(rb"startxref\s+(\d+)", content)[-1])
    body = b"\n%d 0 obj\n%s\nendobj\n" % (number, catalog[:-2] + catalog_extra + b">>")
    body += b"%d 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n" % size
    offset = len(content) + 1
    second = offset + body.index(b"%d 0 obj" % size) - 1
    xref = b"xref\n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n" % (
        number,
        offset,
        size,
        second,
    )
    trailer = b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (
        size + 1,
        number,
        startxref,
    )
    start = len(content) + len(body)
    return content + body + xref + trailer + b"startxref\n%d\n%%%%EOF\n" % start


def test_javascript_added_by_an_incremental_update_is_found():
    content = one_page()
    size = pikepdf.open(io.BytesIO(content)).trailer.Size

    updated = _incremental_update(content, b" /OpenAction %d 0 R " % int(size))

    assert _code(updated) == "javascript"


@pytest.mark.parametrize(
    "target",
    [
        "  file:///C:/Windows/System32/calc.exe",
        "FILE://server/share/x.exe",
        "javascript:app.alert(1)",
        r"\\?\UNC\angripare.example\dela\x",
        "smb://angripare.example/dela",
        "dela/relativ.pdf",
    ],
)
def test_a_link_to_anything_but_the_web_or_mail_is_refused(target):
    assert _code(uri(target)()) == "link"


def test_many_streams_each_within_the_limit_are_refused_past_the_ratio(settings):
    settings.PDF_MAX_STREAM_MB = 100
    pdf = pikepdf.new()
    pdf.add_blank_page()
    for index in range(20):
        stream = pikepdf.Stream(pdf, flate_zeros(5 * MIB))
        stream.Filter = Name.FlateDecode
        pdf.Root[f"/Part{index}"] = pdf.make_indirect(stream)
    content = save(
        pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
    )

    assert len(content) < 200_000  # 100 MB in 20 parts of 5 MB
    assert _code(content) == "too_much_data"


def test_an_image_that_declares_more_pixels_than_the_limit_is_refused():
    def mutate(pdf: pikepdf.Pdf) -> None:
        image = pdf.make_stream(b"\x00" * 16)
        image.Type, image.Subtype = Name.XObject, Name.Image
        image.Width, image.Height, image.BitsPerComponent = 100_000, 100_000, 8
        image.ColorSpace = Name.DeviceRGB
        pdf.pages[0].Resources = Dictionary(XObject=Dictionary(Im0=image))

    assert _code(one_page(mutate)) == "too_much_data"


def test_a_filter_whose_output_cannot_be_counted_is_refused():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pdf.make_stream(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01")
    stream.Filter = Name.LZWDecode
    pdf.Root.Packed = stream
    # Written as it is: qpdf would otherwise recompress it with Flate.
    content = save(
        pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
    )

    assert b"/LZWDecode" in content
    assert _code(content) == "compression"


def test_text_filters_before_flate_are_counted():
    def mutate(pdf: pikepdf.Pdf) -> None:
        stream = pdf.make_stream(flate_zeros(MIB).hex().encode() + b">")
        stream.Filter = Array([Name.ASCIIHexDecode, Name.FlateDecode])
        pdf.Root.Packed = stream

    assert check_pdf(one_page(mutate)).page_count == 1


def test_a_stream_read_from_another_file_is_refused():
    def mutate(pdf: pikepdf.Pdf) -> None:
        stream = pdf.make_stream(b"")
        stream.F = String(r"\\angripare.example\dela\innehall.bin")
        pdf.Root.Outside = stream

    assert _code(one_page(mutate)) == "external"


def test_an_empty_tree_of_attached_files_is_refused():
    def mutate(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array()))

    assert _code(one_page(mutate)) == "attachment"


def test_a_file_with_more_objects_than_the_walk_allows_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_validation, "MAX_NODES", 50)

    def mutate(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Many = Array([Dictionary(N=index) for index in range(60)])

    assert _code(one_page(mutate)) == "too_complex"
