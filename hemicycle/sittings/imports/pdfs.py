"""A batch of rapport PDFs (or a zip of them): staged on disk, read, number and title guessed.

The files wait between the preview and the confirmation in
MEDIA_ROOT/import-tmp/<token>/ (they can weigh hundreds of megabytes: not in the session),
with a manifest.json of what was read. A file that is not a PDF is skipped; a PDF that
cannot be read (damaged, password-protected) is kept and becomes a flagged rapport.

Guessing heuristics, on the first page's text (the user corrects them in the preview):
- number: "Rapport n° 2026-0142", "Délibération n°…", "Projet de délibération n°…", then
  any "N° 26.00142"; failing that, a number-like part of the file name ("2026-0142.pdf"),
  failing that the file name itself;
- title: the text after "Objet :" or after "Projet de délibération … :", else the first
  line that is not letterhead (région, conseil régional, séance, dates, page numbers,
  the number line) and has at least three words.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import shutil
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings

from hemicycle.sittings.imports.base import (
    MAX_NUMBER,
    MAX_TITLE,
    AgendaImportError,
    DocumentSource,
    ImportIssue,
    ReportRow,
)
from hemicycle.sittings.pdf import PdfError, PdfText, extract_many, extract_text, looks_like_pdf

# Zip bombs: the archive is refused beyond these, measured on what is actually inflated.
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_TOTAL_BYTES = 1024 * 2**20
MAX_PDF_BYTES = 200 * 2**20
# A rapport with annexes runs to a few hundred pages; beyond, the PDF is flagged unreadable.
MAX_PAGES = 1500
CHUNK = 1 << 20
TMP_DIR = "import-tmp"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")

_NUMBER_AFTER_LABEL = re.compile(
    r"(?:rapport|d[ée]lib[ée]ration)\s*n\s*[°ºo]\s*[.:]?\s*([A-Z0-9][A-Z0-9./_-]*[A-Z0-9])",
    re.IGNORECASE,
)
_NUMBER_ANYWHERE = re.compile(r"\bn\s*[°º]\s*[.:]?\s*(\d[A-Z0-9./_-]*[A-Z0-9]|\d)", re.IGNORECASE)
_NUMBER_IN_NAME = re.compile(r"\d{2,4}[._-]\d{2,6}(?:[._-]\d{1,6})?")
_OBJECT = re.compile(r"^\s*(?:objet|intitul[ée])\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_PROJECT = re.compile(
    r"projet\s+de\s+d[ée]lib[ée]ration[^:\n]{0,80}:\s*(.+)", re.IGNORECASE | re.MULTILINE
)
_LETTERHEAD = re.compile(
    r"^(r[ée]gion|conseil r[ée]gional|hauts-de-france|r[ée]publique fran[çc]aise|s[ée]ance"
    r"|commission permanente|assembl[ée]e pl[ée]ni[èe]re|page \d|direction|\d)",
    re.IGNORECASE,
)


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class StagedFile:
    index: int
    name: str
    # "pending" (stored, not read yet), "ok", "failed" (a PDF we could not read) or
    # "skipped" (not a PDF)
    status: str
    reason: str = ""
    sha256: str = ""
    size: int = 0
    pages: int | None = None
    number: str = ""
    title: str = ""

    @property
    def importable(self) -> bool:
        return self.status in {"ok", "failed"}


@dataclass
class Batch:
    token: str
    files: list[StagedFile] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def directory(self) -> Path:
        return Path(settings.MEDIA_ROOT) / TMP_DIR / self.token

    def pdf_path(self, index: int) -> Path:
        return self.directory / f"{index:04d}.pdf"

    def text_path(self, index: int) -> Path:
        return self.directory / f"{index:04d}.txt"

    def save(self) -> None:
        manifest = {"files": [asdict(f) for f in self.files], "notices": self.notices}
        (self.directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    @classmethod
    def load(cls, token: str) -> Batch | None:
        if not isinstance(token, str) or not _TOKEN.fullmatch(token):
            return None
        batch = cls(token=token)
        try:
            manifest = json.loads((batch.directory / "manifest.json").read_text("utf-8"))
            batch.files = [StagedFile(**entry) for entry in manifest["files"]]
            batch.notices = list(manifest["notices"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return batch

    def cleanup(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def readable(self) -> list[StagedFile]:
        return [f for f in self.files if f.status == "ok"]

    @property
    def flagged(self) -> list[StagedFile]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def skipped(self) -> list[StagedFile]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def pending(self) -> list[StagedFile]:
        return [f for f in self.files if f.status == "pending"]

    @property
    def done_count(self) -> int:
        return len(self.files) - len(self.pending)


def _unsafe(name: str) -> bool:
    path = name.replace("\\", "/")
    return (
        path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/")
    )


def _zip_error(file_name: str, message: str) -> AgendaImportError:
    return AgendaImportError([ImportIssue(0, "", message, file_name)])


def expand_zip(upload: Upload) -> tuple[list[Upload], list[str]]:
    """The PDFs of a zip, with notices for what was left aside; refuses unsafe archives."""
    notices: list[str] = []
    found: list[Upload] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _zip_error(upload.name, "Cette archive zip est endommagée ou illisible.") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise _zip_error(
                upload.name,
                f"L’archive contient {len(entries)} éléments, au-delà de la limite de "
                f"{MAX_ZIP_ENTRIES} : découpez-la.",
            )
        unsafe = [e.filename for e in entries if _unsafe(e.filename)]
        if unsafe:
            raise _zip_error(
                upload.name,
                "L’archive est refusée : elle contient des chemins qui sortent de son dossier ("
                + ", ".join(f"« {n[:80]} »" for n in unsafe[:5])
                + ").",
            )
        total = 0
        for entry in entries:
            if entry.is_dir():
                continue
            base = PurePosixPath(entry.filename.replace("\\", "/")).name
            if not base.lower().endswith(".pdf"):
                notices.append(f"« {entry.filename} » (dans {upload.name}) ignoré : pas un PDF.")
                continue
            if entry.flag_bits & 0x1:
                notices.append(
                    f"« {entry.filename} » (dans {upload.name}) ignoré : chiffré dans l’archive."
                )
                continue
            chunks = []
            size = 0
            try:
                with archive.open(entry) as stream:
                    while chunk := stream.read(CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > MAX_PDF_BYTES or total > MAX_ZIP_TOTAL_BYTES:
                            raise _zip_error(
                                upload.name,
                                "L’archive est refusée : une fois décompressée, elle dépasse "
                                f"{MAX_ZIP_TOTAL_BYTES // 2**20} Mo (ou un fichier dépasse "
                                f"{MAX_PDF_BYTES // 2**20} Mo).",
                            )
                        chunks.append(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
                notices.append(f"« {entry.filename} » (dans {upload.name}) ignoré : endommagé.")
                continue
            found.append(Upload(name=entry.filename, data=b"".join(chunks)))
    if not found:
        notices.append(f"L’archive « {upload.name} » ne contient aucun PDF.")
    return found, notices


def _is_zip(upload: Upload) -> bool:
    return upload.name.lower().endswith(".zip")


def _clean_line(line: str) -> str:
    return " ".join(line.split())


def guess(text: str, file_name: str) -> tuple[str, str]:
    """The rapport's number and title as the first page shows them (see module doc)."""
    first_page = text.split("\f", 1)[0]
    number = ""
    if m := _NUMBER_AFTER_LABEL.search(first_page) or _NUMBER_ANYWHERE.search(first_page):
        number = m.group(1)
    stem = PurePosixPath(file_name.replace("\\", "/")).stem
    if not number:
        m = _NUMBER_IN_NAME.search(stem)
        number = m.group(0) if m else stem
    title = ""
    for pattern in (_OBJECT, _PROJECT):
        if m := pattern.search(first_page):
            title = _clean_line(m.group(1))
            if len(title) >= 3:
                break
    if not title:
        for raw in first_page.splitlines():
            line = _clean_line(raw)
            if (
                len(line.split()) >= 3
                and not _LETTERHEAD.match(line)
                and not _NUMBER_AFTER_LABEL.search(line)
                and not _NUMBER_ANYWHERE.search(line)
            ):
                title = line
                break
    return _clean_line(number)[:MAX_NUMBER], (title or stem)[:MAX_TITLE]


def stage(uploads: list[Upload], *, read: bool = True) -> Batch:
    """Write the PDFs to a fresh temporary folder and read each; AgendaImportError for a bad zip.

    With read=False the files are only stored, marked "pending": `read_pending` reads them
    later (in a background job), saving the manifest after each file so that the preview
    can show how far it has gone.
    """
    pdfs: list[Upload] = []
    notices: list[str] = []
    for upload in uploads:
        if _is_zip(upload):
            found, more = expand_zip(upload)
            pdfs.extend(found)
            notices.extend(more)
        else:
            pdfs.append(upload)
    batch = Batch(token=secrets.token_urlsafe(24), notices=notices)
    batch.directory.mkdir(parents=True, exist_ok=True)
    try:
        for index, upload in enumerate(pdfs):
            staged = _store_one(batch, index, upload)
            if read and staged.status == "pending":
                _read_one(batch, staged)
            batch.files.append(staged)
        batch.save()
    except BaseException:
        batch.cleanup()
        raise
    return batch


def _store_one(batch: Batch, index: int, upload: Upload) -> StagedFile:
    name = PurePosixPath(upload.name.replace("\\", "/")).name or f"fichier-{index + 1}"
    staged = StagedFile(index=index, name=name, status="pending", size=len(upload.data))
    if not looks_like_pdf(upload.data[:1024]):
        staged.status, staged.reason = "skipped", "Ce fichier n’est pas un PDF : il est ignoré."
        return staged
    staged.sha256 = hashlib.sha256(upload.data).hexdigest()
    batch.pdf_path(staged.index).write_bytes(upload.data)
    return staged


def _read_one(batch: Batch, staged: StagedFile) -> None:
    data = batch.pdf_path(staged.index).read_bytes()
    try:
        result = extract_text(data, max_pages=MAX_PAGES)
    except PdfError as exc:
        _record(batch, staged, exc)
        return
    _record(batch, staged, result)


def _record(batch: Batch, staged: StagedFile, result: PdfText | PdfError) -> None:
    if isinstance(result, PdfError):
        staged.status, staged.reason = "failed", str(result)
        staged.number, staged.title = guess("", staged.name)
        return
    staged.status = "ok"
    staged.pages = result.pages
    batch.text_path(staged.index).write_text(result.text, encoding="utf-8")
    staged.number, staged.title = guess(result.text, staged.name)


READ_CHUNK = 8


def read_pending(token: str) -> None:
    """Read the batch's pending PDFs one by one, saving progress after each."""
    batch = Batch.load(token)
    if batch is None:
        return
    pending = batch.pending
    # A few files per bounded child: as fast as one process, with regular progress.
    for start in range(0, len(pending), READ_CHUNK):
        chunk = pending[start : start + READ_CHUNK]
        documents = [batch.pdf_path(staged.index).read_bytes() for staged in chunk]
        for staged, result in zip(chunk, extract_many(documents, max_pages=MAX_PAGES), strict=True):
            _record(batch, staged, result)
        batch.save()


def rows_for(
    batch: Batch, corrections: dict[int, tuple[str, str]] | None = None
) -> list[ReportRow]:
    """One row per PDF (readable or flagged), with the user's corrected number and title."""
    rows = []
    issues = []
    for position, staged in enumerate(f for f in batch.files if f.importable):
        number, title = (corrections or {}).get(staged.index, (staged.number, staged.title))
        number, title = _clean_line(number), _clean_line(title)
        if not number:
            issues.append(ImportIssue(position + 1, "numéro", "Le numéro est vide.", staged.name))
        elif len(number) > MAX_NUMBER:
            issues.append(
                ImportIssue(
                    position + 1, "numéro", f"{MAX_NUMBER} caractères au plus.", staged.name
                )
            )
        if not title:
            issues.append(
                ImportIssue(position + 1, "intitulé", "L’intitulé est vide.", staged.name)
            )
        elif len(title) > MAX_TITLE:
            issues.append(
                ImportIssue(
                    position + 1, "intitulé", f"{MAX_TITLE} caractères au plus.", staged.name
                )
            )
        text = ""
        if staged.status == "ok":
            text = batch.text_path(staged.index).read_text(encoding="utf-8")
        rows.append(
            ReportRow(
                line=position + 1,
                number=number,
                title=title,
                file=staged.name,
                document=DocumentSource(
                    path=str(batch.pdf_path(staged.index)),
                    original_name=staged.name,
                    sha256=staged.sha256,
                    size=staged.size,
                    pages=staged.pages,
                    text=text,
                    error=staged.reason if staged.status == "failed" else "",
                ),
            )
        )
    seen: dict[str, str] = {}
    for row in rows:
        key = row.number.casefold()
        if key and key in seen:
            issues.append(
                ImportIssue(
                    row.line,
                    "numéro",
                    f"Le numéro « {row.number} » est aussi celui de « {seen[key]} ».",
                    row.file,
                )
            )
        seen.setdefault(key, row.file)
    if issues:
        raise AgendaImportError(issues)
    if not rows:
        raise AgendaImportError([ImportIssue(0, "", "Aucun PDF à importer dans ces fichiers.")])
    return rows
