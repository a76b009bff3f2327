"""Reading PDFs: is it one, and what text does it hold.

Text extraction uses pypdfium2 in a forked child process with a memory and CPU budget and a
wall-clock timeout: a hostile PDF (a "PDF bomb" whose streams inflate to gigabytes, or one
that loops) kills only the child, never the web server or the job worker. Errors come back
as French messages, never as exceptions from the PDF engine.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
from dataclasses import dataclass
from typing import Any

PDF_MAGIC = b"%PDF-"
# Beyond this many pages a document is refused: no council rapport comes near it.
MAX_PAGES = 2000
# What one extraction may use on top of the process it was forked from.
MEMORY_BUDGET_BYTES = 768 * 2**20
TIMEOUT_SECONDS = 120


class PdfError(Exception):
    """A file that is not a readable PDF; the message is for the user, in French."""


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int


def looks_like_pdf(head: bytes) -> bool:
    """True when the first bytes are a PDF header (allowing a little leading junk)."""
    return PDF_MAGIC in head[:1024]


def extract_text(
    data: bytes,
    *,
    max_pages: int = MAX_PAGES,
    memory_budget: int = MEMORY_BUDGET_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> PdfText:
    """The text of every page, pages separated by form feeds (as pdftotext does).

    Runs in a forked child bounded in memory, CPU and time; PdfError when a bound is hit.
    """
    if not looks_like_pdf(data[:1024]):
        raise PdfError("Ce fichier n’est pas un PDF.")
    result = _run_bounded([data], max_pages, memory_budget, timeout)[0]
    if isinstance(result, PdfError):
        raise result
    return result


def extract_many(
    documents: list[bytes],
    *,
    max_pages: int = MAX_PAGES,
    memory_budget: int = MEMORY_BUDGET_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> list[PdfText | PdfError]:
    """Each document's text or its refusal, read in one bounded child for the whole list.

    One process for many files keeps a folder of rapports as fast as pdftotext; if a hostile
    file brings the shared child down, the files are read again one child each, so that only
    that file is refused.
    """
    try:
        return _run_bounded(documents, max_pages, memory_budget, timeout * len(documents))
    except PdfError:
        if len(documents) == 1:
            return [PdfError(_TOO_MUCH)]
        results: list[PdfText | PdfError] = []
        for data in documents:
            try:
                results.append(
                    extract_text(
                        data, max_pages=max_pages, memory_budget=memory_budget, timeout=timeout
                    )
                )
            except PdfError as exc:
                results.append(exc)
        return results


_TOO_MUCH = (
    "La lecture de ce PDF demande trop de ressources (fichier piégé ou démesuré) : il est refusé."
)


def _run_bounded(
    documents: list[bytes], max_pages: int, memory_budget: int, timeout: float
) -> list[PdfText | PdfError]:
    """Read the documents in a forked child; PdfError if the child dies or runs out of time."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_extract_in_child, args=(documents, max_pages, memory_budget, timeout, sender)
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise PdfError(
                f"La lecture de ce PDF a dépassé {max(1, int(timeout))} secondes : il est refusé."
            )
        answers = receiver.recv()
    except EOFError as exc:
        # The child died without answering: its memory or CPU budget ran out.
        raise PdfError(_TOO_MUCH) from exc
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return [
        PdfText(text=payload[0], pages=payload[1]) if kind == "ok" else PdfError(payload)
        for kind, payload in answers
    ]


def _extract_in_child(
    documents: list[bytes], max_pages: int, memory_budget: int, timeout: float, sender: Any
) -> None:
    try:
        # A child killed by its budget would print the engine's abort message to the
        # server's log for every hostile file: the parent reports the refusal instead.
        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        # RLIMIT_DATA (heap and private mappings) rather than RLIMIT_AS: address-space
        # limits make glibc's allocator fall back to slow paths on every page read.
        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[5]) * resource.getpagesize()
        limit = in_use + memory_budget
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
        cpu = int(timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        answers: list[tuple[str, Any]] = []
        for data in documents:
            try:
                result = _extract_in_process(data, max_pages=max_pages)
                answers.append(("ok", (result.text, result.pages)))
            except PdfError as exc:
                answers.append(("error", str(exc)))
        sender.send(answers)
    except MemoryError:
        pass  # the parent sees the pipe close without an answer: refused as too costly
    finally:
        sender.close()


def _extract_in_process(data: bytes, *, max_pages: int = MAX_PAGES) -> PdfText:
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
