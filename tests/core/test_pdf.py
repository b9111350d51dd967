import io
import urllib.request

import pikepdf
import pytest
from django.test import override_settings

from core.pdf import PDF_BASE_URL, FetchRefused, render_html_to_pdf, resolve_local_url

HTML = """<html lang="sv"><head><title>Prov</title>
<style>@page {{ size: A4; }}</style></head>
<body><h1>Kallelse</h1><p>Text</p>{extra}</body></html>"""


def _pdf(extra: str = "") -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(render_html_to_pdf(HTML.format(extra=extra))))


def test_rendered_pdf_claims_pdfa_3a_and_is_tagged():
    pdf = _pdf()

    with pdf.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "A"
    assert "/StructTreeRoot" in pdf.Root
    assert "/OutputIntents" in pdf.Root
    assert str(pdf.Root.Lang) == "sv"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        f"{PDF_BASE_URL}static/../../../../etc/passwd",
        f"{PDF_BASE_URL}etc/passwd",
    ],
)
def test_fetcher_refuses_everything_outside_static_and_media(url):
    with pytest.raises(FetchRefused):
        resolve_local_url(url)


def test_render_with_outside_urls_fetches_nothing_and_finishes(monkeypatch):
    fetched = []

    monkeypatch.setattr(
        urllib.request, "urlopen", lambda *a, **k: fetched.append(a) or None
    )

    pdf = _pdf(
        '<img src="file:///etc/passwd"><img src="http://169.254.169.254/x">'
        '<link rel="stylesheet" href="file:///dev/urandom">'
    )

    assert len(pdf.pages) == 1
    assert fetched == []


def test_fetcher_serves_media_files(tmp_path):
    (tmp_path / "logo.txt").write_text("hej")
    with override_settings(MEDIA_ROOT=tmp_path):
        path = resolve_local_url(f"{PDF_BASE_URL}media/logo.txt")

    assert path.read_text() == "hej"


def test_fetcher_serves_static_files():
    path = resolve_local_url(f"{PDF_BASE_URL}static/css/app.css")

    assert path.name == "app.css"
