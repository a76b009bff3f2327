"""What every agenda format reads into: rows of rapports, and errors by line and field.

Pure code, no database: the parsers only say what the file contains; the import service
matches commissions, themes and organisations and checks the séance's existing numbers.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

# Same limits as Report's columns: a longer value is a bad row, not a crash.
MAX_NUMBER = 40
MAX_TITLE = 500
MAX_RAPPORTEUR = 150
MAX_THEME = 100
MAX_ORGANISATION = 255
# A council agenda never comes near this; beyond it the file is refused, not half-read.
MAX_ROWS = 5000
MAX_REPORTED_ERRORS = 100
# A séance's CP holds ~300 rapports: the largest field is a summary, far under this.
MAX_FIELD_CHARS = 100_000

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’ʼ`´.,_]+")


@dataclass(frozen=True)
class ImportIssue:
    line: int  # 0 when the problem concerns the whole file
    field: str  # a column name as written in the file, or "" for the whole line
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = [f"« {self.file} »"] if self.file else []
        if self.line:
            where.append(f"ligne {self.line}")
        if self.field:
            where.append(f"champ « {self.field} »")
        return f"{', '.join(where)} : {self.message}" if where else self.message


class AgendaImportError(Exception):
    """The agenda cannot be imported; `issues` say where and why, in French."""

    def __init__(self, issues: Iterable[ImportIssue]) -> None:
        self.issues = list(issues)[:MAX_REPORTED_ERRORS]
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass(frozen=True)
class DocumentSource:
    """A staged PDF to attach to the rapport created from it."""

    path: str  # absolute path of the staged copy
    original_name: str
    sha256: str
    size: int
    pages: int | None
    text: str
    error: str  # "" when the text was read


@dataclass(frozen=True)
class ReportRow:
    line: int  # line in the file (header = 1), or position in a batch of PDFs
    number: str
    title: str
    commissions: tuple[str, ...] = ()
    rapporteur: str = ""
    amount: Decimal | None = None
    themes: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()  # section codes ("59")
    beneficiaries: tuple[str, ...] = ()
    summary: str = ""
    deliberation_number: str = ""
    file: str = ""
    document: DocumentSource | None = field(default=None, compare=False)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Case, accents, hyphens, spaces and apostrophes do not distinguish two names."""
    return _SEPARATORS.sub(" ", strip_accents(text).casefold()).strip()


def decode(content: bytes, file_name: str) -> str:
    """The file's text; refuses what is not UTF-8 with the spreadsheet's way out."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise AgendaImportError(
            [
                ImportIssue(
                    line,
                    "",
                    f"Le fichier n’est pas encodé en UTF-8 (premier caractère illisible ligne "
                    f"{line}). Dans votre tableur, choisissez « Enregistrer sous… » puis le "
                    "format « CSV UTF-8 », et importez ce nouveau fichier.",
                    file_name,
                )
            ]
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise AgendaImportError([ImportIssue(0, "", "Le fichier est vide.", file_name)])
    return text


def sniff_delimiter(text: str, file_name: str, *, accepted: str = ";,") -> str:
    """The separator of the header line: `;` (French spreadsheets) or `,`."""
    header = text.split("\n", 1)[0]
    for candidate in accepted:
        if candidate in header:
            return candidate
    raise AgendaImportError(
        [
            ImportIssue(
                1,
                "",
                "Les colonnes de l’en-tête ne sont pas séparées par des points-virgules « ; » "
                "(ni par des virgules). Enregistrez le fichier au format CSV avec le séparateur "
                "point-virgule.",
                file_name,
            )
        ]
    )


def read_records(
    text: str, delimiter: str, file_name: str
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header cells and an iterator of (first line of the record, cells).

    Blank lines are skipped; csv errors (unterminated quote, huge field) become issues.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)

    def records() -> Iterator[tuple[int, list[str]]]:
        previous = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise AgendaImportError(
                    [
                        ImportIssue(
                            previous + 1,
                            "",
                            f"Ligne illisible ({exc}) : vérifiez les guillemets de cette ligne.",
                            file_name,
                        )
                    ]
                ) from None
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                yield start, cells

    iterator = records()
    first = next(iterator, None)
    if first is None:
        raise AgendaImportError([ImportIssue(0, "", "Le fichier est vide.", file_name)])
    return first[1], iterator


def too_long(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"Texte trop long ({len(value)} caractères, {limit} au plus)."
    return None


def check_duplicates(rows: list[ReportRow], field_name: str) -> list[ImportIssue]:
    seen: dict[str, int] = {}
    issues = []
    for row in rows:
        key = row.number.casefold()
        if key in seen:
            issues.append(
                ImportIssue(
                    row.line,
                    field_name,
                    f"Le numéro « {row.number} » figure déjà ligne {seen[key]} de ce fichier.",
                    row.file,
                )
            )
        else:
            seen[key] = row.line
    return issues
