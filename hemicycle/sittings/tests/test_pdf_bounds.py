"""A hostile PDF costs a bounded child process, never the server's memory or time."""

from __future__ import annotations

import resource
import zlib

import pytest

from hemicycle.sittings.pdf import PdfError, extract_text


def pdf_bomb(inflated_mb: int) -> bytes:
    """A valid one-page PDF whose content stream inflates to `inflated_mb` megabytes."""
    packer = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * 75000
    body = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_bomb_is_refused_without_growing_the_server():
    bomb = pdf_bomb(300)
    assert len(bomb) < 2 * 2**20  # under a megabyte on the wire, 300 MB inflated
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(PdfError, match=r"trop de ressources|trop de mémoire"):
        extract_text(bomb, memory_budget=64 * 2**20, timeout=30)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux: the parent's peak grew by less than 32 MB.
    assert after - before < 32 * 1024


def test_a_pdf_that_takes_too_long_is_refused():
    with pytest.raises(PdfError, match="secondes"):
        extract_text(pdf_bomb(20), timeout=0.001)


def test_an_ordinary_pdf_reads_within_the_bounds():
    from weasyprint import HTML

    data = HTML(string="<p>Transports scolaires : convention.</p>").write_pdf()
    assert "Transports scolaires" in extract_text(data, memory_budget=256 * 2**20).text


def test_a_bomb_in_a_batch_refuses_only_that_file():
    from weasyprint import HTML

    from hemicycle.sittings.pdf import extract_many

    good = HTML(string="<p>Rapport sur les lycées.</p>").write_pdf()
    results = extract_many([good, pdf_bomb(300), good], memory_budget=64 * 2**20, timeout=30)
    assert "lycées" in results[0].text
    assert isinstance(results[1], PdfError)
    assert "lycées" in results[2].text
