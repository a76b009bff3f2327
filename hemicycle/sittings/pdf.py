"""Reading PDFs: is it one, and what text does it hold.

Text extraction uses pypdfium2; callers bound the work (page limit) because a hostile PDF
can be arbitrarily large. Errors come back as French messages, never as exceptions from
the PDF engine.
"""

from __future__ import annotations

from dataclasses import dataclass

PDF_MAGIC = b"%PDF-"
# Beyond this many pages a document is refused: no council rapport comes near it.
MAX_PAGES = 2000


class PdfError(Exception):
    """A file that is not a readable PDF; the message is for the user, in French."""


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int


def looks_like_pdf(head: bytes) -> bool:
    """True when the first bytes are a PDF header (allowing a little leading junk)."""
    return PDF_MAGIC in head[:1024]


def extract_text(data: bytes, *, max_pages: int = MAX_PAGES) -> PdfText:
    """The text of every page, pages separated by form feeds (as pdftotext does)."""
    if not looks_like_pdf(data[:1024]):
        raise PdfError("Ce fichier n’est pas un PDF.")
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise PdfError(
                "Ce PDF est protégé par un mot de passe : il ne peut pas être lu."
            ) from exc
        raise PdfError("Ce PDF est endommagé ou illisible.") from exc
    try:
        count = len(document)
        if count > max_pages:
            raise PdfError(f"Ce PDF compte {count} pages, au-delà de la limite de {max_pages}.")
        parts = []
        for index in range(count):
            page = document[index]
            text_page = page.get_textpage()
            try:
                parts.append(text_page.get_text_range())
            finally:
                text_page.close()
                page.close()
        # pdfium marks line ends with CR LF; keep plain newlines like the rest of the app.
        text = "\f".join(parts).replace("\r\n", "\n").replace("\r", "\n")
        return PdfText(text=text, pages=count)
    except pdfium.PdfiumError as exc:
        raise PdfError("Ce PDF est endommagé ou illisible.") from exc
    finally:
        document.close()
