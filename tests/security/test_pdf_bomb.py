"""S5: a decompression bomb or a deeply nested PDF neither hangs nor inflates.

The upload check counts what a stream inflates to a chunk at a time and refuses a
small file that inflates to hundreds of megabytes (the 2 GB bomb, with its time and
memory: test_hostile_pdfs.py); the kallelse merge never decodes content streams (qpdf
copies them as they are); a structure nested deeper than the walk or the parser
allows is refused.
"""

import io
import time
import zlib

import pikepdf
import pytest
from django.core.exceptions import ValidationError

from cases.pdf_validation import check_pdf
from meetings.pdf import Section, merge_sections

INFLATED_MB = 200


def _bomb() -> bytes:
    """One page whose content stream inflates to INFLATED_MB of zeros."""
    compressor = zlib.compressobj(9)
    zeros = bytes(1024 * 1024)
    data = b"".join(compressor.compress(zeros) for _ in range(INFLATED_MB))
    data += compressor.flush()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, data)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].Contents = pdf.make_indirect(stream)
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        compress_streams=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
    )
    return buffer.getvalue()


def test_a_decompression_bomb_is_refused_without_inflating():
    bomb = _bomb()
    started = time.perf_counter()

    with pytest.raises(ValidationError) as refused:
        check_pdf(bomb)

    assert len(bomb) < 1024 * 1024  # 200 MB of zeros in well under 1 MB
    assert time.perf_counter() - started < 5
    assert refused.value.code == "too_much_data"


def test_the_merge_copies_a_bomb_without_inflating_it():
    """Whatever reaches the merge (it checks each bilaga first) is copied as is."""
    bomb = _bomb()

    merged = merge_sections([Section("Bilaga", bomb)], title="Kallelse")

    assert len(merged) < 2 * len(bomb)  # copied, never inflated and re-written


def _nested(depth: int) -> bytes:
    """A valid one-page PDF whose catalog holds arrays nested `depth` deep."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Deep = pikepdf.String("DEEPHERE")
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=False,
    )
    return buffer.getvalue().replace(b"(DEEPHERE)", b"[" * depth + b"]" * depth)


def test_a_structure_nested_deeper_than_the_parser_allows_is_refused():
    started = time.perf_counter()

    with pytest.raises(ValidationError) as refused:
        check_pdf(_nested(5000))

    assert refused.value.messages == [
        "Filen är ingen PDF som går att öppna (den kan vara skadad)."
    ]
    assert time.perf_counter() - started < 5
    assert check_pdf(_nested(400)).page_count == 1  # the same file, less deep, passes


def test_a_structure_nested_deeper_than_the_walk_allows_is_refused():
    """Deep enough for qpdf's parser (499), too deep for the walk: refused, never
    let through unlooked at."""
    with pytest.raises(ValidationError) as refused:
        check_pdf(_nested(450))

    assert refused.value.messages == [
        "PDF-filen är för komplicerad för att kontrolleras. Spara den på nytt som en "
        "vanlig PDF (t.ex. skriv ut till PDF)."
    ]
