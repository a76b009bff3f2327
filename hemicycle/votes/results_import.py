"""Import of the council's results by group: one CSV line per (scrutin, groupe).

Columns `scrutin` (the scrutin's number in Hémicycle, or the rapport's number), `groupe`
(sigle or name, without regard to case or accents), `pour`, `contre`, `abstention`,
`nppv`. Separator `;` (French spreadsheets) or `,`; UTF-8 with or without BOM; CRLF or LF.

The file is read whole and checked before anything is written: one bad line and nothing
is imported (all or nothing), and every problem is reported with the file, the line and
the column, in French. The preview and the confirmation run the same code, the preview
inside a transaction that is rolled back.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from hemicycle.core import audit
from hemicycle.core.permissions import ensure, is_member, is_secretariat
from hemicycle.core.roles import Role
from hemicycle.council.models import CouncilGroup
from hemicycle.council.selectors import current_term
from hemicycle.sittings.imports.base import normalise
from hemicycle.votes.models import GroupResult, VoteEvent

COLUMNS: tuple[tuple[str, str], ...] = (
    ("scrutin", "Numéro du scrutin dans Hémicycle, ou numéro du rapport mis aux voix."),
    ("groupe", "Sigle ou nom du groupe du conseil (majuscules et accents indifférents)."),
    ("pour", "Nombre de voix pour."),
    ("contre", "Nombre de voix contre."),
    ("abstention", "Nombre d’abstentions."),
    ("nppv", "Nombre d’élu·es ne prenant pas part au vote."),
)
NAMES = tuple(name for name, _ in COLUMNS)
COUNT_COLUMNS = ("pour", "contre", "abstention", "nppv")
NAMES_ORDER = {name: index for index, name in enumerate(NAMES)}
# A council has a few dozen groups and a séance a few hundred scrutins: far under this.
MAX_ROWS = 5000
MAX_REPORTED_ERRORS = 100
MAX_BYTES = 2 * 2**20
_INTEGER = re.compile(r"\d{1,5}", re.ASCII)

ACTION = "votes.results_imported"


def can_import_results(user: Any) -> bool:
    """The secrétariat and the group's staff enter the council's figures."""
    return is_secretariat(user) or (is_member(user) and user.role == Role.COLLABORATEUR)


@dataclass(frozen=True)
class ResultIssue:
    line: int  # 0 when the problem concerns the whole file
    column: str  # a column name, or "" for the whole line
    message: str
    file: str = ""

    @property
    def where(self) -> str:
        parts = []
        if self.line:
            parts.append(f"ligne {self.line}")
        if self.column:
            parts.append(f"colonne {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        prefix = f"« {self.file} » : " if self.file else ""
        where = f" ({self.where})" if self.where else ""
        return f"{prefix}{self.message}{where}"


class ResultsImportError(Exception):
    """The file cannot be imported; `issues` say where and why, in French."""

    def __init__(self, issues: list[ResultIssue]) -> None:
        self.issues = issues[:MAX_REPORTED_ERRORS]
        super().__init__("\n".join(str(issue) for issue in self.issues))


@dataclass(frozen=True)
class ResultRow:
    line: int
    scrutin: str  # "" when the cell is empty (already reported)
    groupe: str
    counts: tuple[int, int, int, int]  # pour, contre, abstention, nppv
    valid: bool = True  # False when a cell of the line was refused (already reported)


# --- reading the file (no database) ----------------------------------------------------


def _decode(content: bytes, file_name: str) -> str:
    if len(content) > MAX_BYTES:
        raise ResultsImportError(
            [
                ResultIssue(
                    0, "", "Le fichier est trop gros pour un tableau de résultats.", file_name
                )
            ]
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise ResultsImportError(
            [
                ResultIssue(
                    line,
                    "",
                    "Le fichier n’est pas encodé en UTF-8. Dans votre tableur, choisissez "
                    "« Enregistrer sous… » puis le format « CSV UTF-8 », et déposez ce "
                    "nouveau fichier",
                    file_name,
                )
            ]
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ResultsImportError(
            [
                ResultIssue(
                    line,
                    "",
                    "Le fichier contient un caractère nul : ce n’est pas un CSV",
                    file_name,
                )
            ]
        )
    if not text.strip():
        raise ResultsImportError([ResultIssue(0, "", "Le fichier est vide", file_name)])
    return text


def _delimiter(text: str, file_name: str) -> str:
    header = text.lstrip("\r\n").split("\n", 1)[0]
    for candidate in ";,":
        if candidate in header:
            return candidate
    raise ResultsImportError(
        [
            ResultIssue(
                1,
                "",
                "Les colonnes de l’en-tête ne sont séparées ni par des points-virgules « ; » ni "
                "par des virgules « , ». L’en-tête attendu est : " + ";".join(NAMES),
                file_name,
            )
        ]
    )


def _header(cells: list[str], line: int, file_name: str) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown = []
    for index, label in enumerate(cells):
        key = normalise(label).replace(" ", "")
        if key in NAMES and key not in positions:
            positions[key] = index
        elif label.strip():
            unknown.append(label.strip())
    issues = []
    missing = [name for name in NAMES if name not in positions]
    if missing:
        issues.append(
            ResultIssue(
                line,
                "",
                "Colonnes manquantes dans l’en-tête : "
                + ", ".join(f"« {name} »" for name in missing)
                + ". L’en-tête attendu est : "
                + ";".join(NAMES),
                file_name,
            )
        )
    if unknown:
        issues.append(
            ResultIssue(
                line,
                "",
                "Colonnes inconnues : "
                + ", ".join(f"« {name[:40]} »" for name in unknown[:10])
                + ". Les colonnes possibles sont : "
                + ", ".join(NAMES),
                file_name,
            )
        )
    if issues:
        raise ResultsImportError(issues)
    return positions


def parse(content: bytes, file_name: str = "") -> list[ResultRow]:
    """The file's lines, in order; ResultsImportError listing every bad line otherwise."""
    rows, issues = parse_rows(content, file_name)
    if issues:
        raise ResultsImportError(issues)
    return rows


def parse_rows(content: bytes, file_name: str = "") -> tuple[list[ResultRow], list[ResultIssue]]:
    """Every line of the file and the problems of its cells, so that the matching step can
    report its own problems in the same list; a problem with the whole file raises."""
    text = _decode(content, file_name)
    delimiter = _delimiter(text, file_name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    issues: list[ResultIssue] = []
    rows: list[ResultRow] = []
    positions: dict[str, int] | None = None
    width = 0
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ResultsImportError(
                [
                    ResultIssue(
                        previous + 1,
                        "",
                        f"Ligne illisible ({exc}) : vérifiez les guillemets de cette ligne",
                        file_name,
                    )
                ]
            ) from None
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if any("\n" in cell or "\r" in cell for cell in cells):
            # Only an unclosed quote makes a cell span lines: nothing in this file does.
            issues.append(
                ResultIssue(
                    line,
                    "",
                    'Ligne illisible : un guillemet « " » ouvert sur cette ligne n’est pas '
                    "refermé ; vérifiez les guillemets",
                    file_name,
                )
            )
            continue
        if positions is None:
            positions, width = _header(cells, line, file_name), len(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise ResultsImportError(
                [ResultIssue(line, "", f"Plus de {MAX_ROWS} lignes : fichier refusé", file_name)]
            )
        if len(cells) > width:
            issues.append(
                ResultIssue(
                    line,
                    "",
                    f"Cette ligne a {len(cells)} colonnes, l’en-tête en a {width} : "
                    f"un « {delimiter} » de trop ?",
                    file_name,
                )
            )
            continue
        cells = cells + [""] * (width - len(cells))
        value = {name: " ".join(cells[index].split()) for name, index in positions.items()}
        before = len(issues)
        for name in ("scrutin", "groupe"):
            if not value[name]:
                issues.append(ResultIssue(line, name, f"La colonne « {name} » est vide", file_name))
            elif len(value[name]) > 200:
                issues.append(
                    ResultIssue(line, name, "Texte trop long (200 caractères au plus)", file_name)
                )
        counts = []
        for name in COUNT_COLUMNS:
            raw = value[name]
            if _INTEGER.fullmatch(raw):
                counts.append(int(raw))
            else:
                counts.append(0)
                shown = raw[:40] or "vide"
                issues.append(
                    ResultIssue(
                        line,
                        name,
                        f"« {shown} » n’est pas un nombre entier de voix (0 s’il n’y en a aucune)",
                        file_name,
                    )
                )
        rows.append(
            ResultRow(
                line,
                value["scrutin"][:200],
                value["groupe"][:200],
                tuple(counts),  # type: ignore[arg-type]
                valid=len(issues) == before,
            )
        )
        if len(issues) >= MAX_REPORTED_ERRORS:
            break
    if positions is None:
        raise ResultsImportError([ResultIssue(0, "", "Le fichier est vide", file_name)])
    if not rows and not issues:
        raise ResultsImportError(
            [ResultIssue(0, "", "Le fichier ne contient aucune ligne de résultats", file_name)]
        )
    return rows, issues


# --- matching and computing ------------------------------------------------------------


@dataclass
class GroupLine:
    council_group: CouncilGroup
    counts: tuple[int, int, int, int]
    line: int
    previous: tuple[int, int, int, int] | None = None  # the counts it replaces

    @property
    def pour(self) -> int:
        return self.counts[0]

    @property
    def contre(self) -> int:
        return self.counts[1]

    @property
    def abstention(self) -> int:
        return self.counts[2]

    @property
    def nppv(self) -> int:
        return self.counts[3]


@dataclass
class EventPreview:
    vote_event: VoteEvent
    lines: list[GroupLine] = field(default_factory=list)
    # Totals once imported: the file's lines plus the groups already recorded and not in it.
    totals: tuple[int, int, int, int] = (0, 0, 0, 0)
    result: str = ""  # VoteEvent.Result value, "" when it cannot be decided
    status: str = ""  # what the preview shows

    @property
    def tie(self) -> bool:
        return self.totals[0] == self.totals[1]


@dataclass
class ImportSummary:
    file_name: str
    dry_run: bool
    events: list[EventPreview] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(event.lines) for event in self.events)

    @property
    def undecided(self) -> int:
        return sum(1 for event in self.events if not event.result)


def decide(pour: int, contre: int, tie_break: str = "") -> tuple[str, str]:
    """(result, label) on the votes cast (suffrages exprimés), CGCT L4132-14."""
    if pour > contre:
        return VoteEvent.Result.ADOPTED, "adopté"
    if pour < contre:
        return VoteEvent.Result.REJECTED, "rejeté"
    if pour == 0:
        return "", "aucun suffrage exprimé : résultat à saisir"
    if tie_break == "pour":
        return VoteEvent.Result.ADOPTED, "égalité : adopté par la voix prépondérante du président"
    if tie_break == "contre":
        return VoteEvent.Result.REJECTED, "égalité : rejeté par la voix prépondérante du président"
    return "", "égalité : voix prépondérante à saisir"


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) < 10


def _event_lookup(values: set[str]) -> tuple[dict[str, list[VoteEvent]], dict[int, VoteEvent]]:
    """Scrutins by rapport number (those on the rapport itself) and by id."""
    numbers = {value.casefold() for value in values}
    ids = {int(value) for value in values if _is_id(value)}
    by_number: dict[str, list[VoteEvent]] = defaultdict(list)
    events = VoteEvent.objects.select_related("sitting__body", "report").filter(
        report__isnull=False, filing__isnull=True
    )
    # Numbers are compared without regard to case; the filter is a first cut in SQL.
    spellings = values | {v.upper() for v in values} | {v.lower() for v in values}
    candidates = events.filter(report__number__in=spellings)
    for event in candidates:
        if event.report.number.casefold() in numbers:  # type: ignore[union-attr]
            by_number[event.report.number.casefold()].append(event)  # type: ignore[union-attr]
    by_id = {
        event.pk: event
        for event in VoteEvent.objects.select_related("sitting__body", "report").filter(pk__in=ids)
    }
    return by_number, by_id


def _groups_by_term(term_ids: set[int]) -> dict[int, dict[str, CouncilGroup]]:
    lookup: dict[int, dict[str, CouncilGroup]] = defaultdict(dict)
    for group in CouncilGroup.objects.filter(term_id__in=term_ids).order_by("is_archived", "pk"):
        lookup[group.term_id].setdefault(normalise(group.short_name), group)
        lookup[group.term_id].setdefault(normalise(group.name), group)
    return lookup


def _match(rows: list[ResultRow], file_name: str, issues: list[ResultIssue]) -> list[EventPreview]:
    """The scrutins and groups the lines name; raises with `issues` plus its own, if any."""
    by_number, by_id = _event_lookup({row.scrutin for row in rows if row.scrutin})
    issues = list(issues)

    def issue(line: int, column: str, message: str) -> None:
        issues.append(ResultIssue(line, column, message, file_name))

    matched: list[tuple[ResultRow, VoteEvent | None]] = []
    for row in rows:
        if not row.scrutin:
            matched.append((row, None))
            continue
        candidates = list(by_number.get(row.scrutin.casefold(), []))
        event_by_id = by_id.get(int(row.scrutin)) if _is_id(row.scrutin) else None
        if event_by_id is not None and event_by_id not in candidates:
            candidates.append(event_by_id)
        if not candidates:
            issue(
                row.line,
                "scrutin",
                f"Le scrutin « {row.scrutin} » n’existe pas : indiquez le numéro du scrutin ou "
                "celui du rapport mis aux voix",
            )
            matched.append((row, None))
        elif len(candidates) > 1:
            issue(
                row.line,
                "scrutin",
                f"« {row.scrutin} » désigne plusieurs scrutins ("
                + ", ".join(f"n° {e.pk}, {e.sitting}" for e in candidates[:5])
                + ") : indiquez le numéro du scrutin",
            )
            matched.append((row, None))
        else:
            matched.append((row, candidates[0]))

    term_ids = {event.sitting.body.term_id for _, event in matched if event is not None}
    fallback = current_term()
    if fallback is not None:
        term_ids.add(fallback.pk)
    groups = _groups_by_term(term_ids)
    previews: dict[int, EventPreview] = {}
    seen: dict[tuple[int | str, int | str], int] = {}
    for row, event in matched:
        term_id = event.sitting.body.term_id if event else (fallback.pk if fallback else None)
        group = groups.get(term_id, {}).get(normalise(row.groupe)) if term_id else None
        if not row.groupe:
            continue
        if group is None:
            issue(row.line, "groupe", f"Le groupe « {row.groupe} » n’existe pas dans ce conseil")
        key = (
            event.pk if event else f"?{row.scrutin.casefold()}",
            group.pk if group else f"?{normalise(row.groupe)}",
        )
        if key in seen:
            issue(
                row.line,
                "groupe",
                f"Le groupe « {row.groupe} » a déjà un résultat pour le scrutin "
                f"« {row.scrutin} » ligne {seen[key]} de ce fichier",
            )
            continue
        seen[key] = row.line
        if group is None or event is None or not row.valid:
            continue
        for name, count in zip(COUNT_COLUMNS, row.counts, strict=True):
            if count > group.seats:
                issue(
                    row.line,
                    name,
                    f"{count} voix « {name} » pour le groupe {group.short_name}, qui ne compte "
                    f"que {group.seats} élu·es",
                )
        if sum(row.counts) > group.seats and all(c <= group.seats for c in row.counts):
            issue(
                row.line,
                "pour à nppv",
                f"{sum(row.counts)} voix en tout pour le groupe {group.short_name}, qui ne compte "
                f"que {group.seats} élu·es",
            )
        preview = previews.setdefault(event.pk, EventPreview(vote_event=event))
        preview.lines.append(GroupLine(group, row.counts, row.line))
    if issues:
        raise ResultsImportError(
            sorted(issues, key=lambda i: (i.line, NAMES_ORDER.get(i.column, 9)))
        )
    return list(previews.values())


def _complete(previews: list[EventPreview]) -> None:
    """Totals after the import, and the result they give, per scrutin."""
    existing: dict[int, dict[int, tuple[int, int, int, int]]] = defaultdict(dict)
    for result in GroupResult.objects.filter(vote_event__in=[p.vote_event for p in previews]):
        existing[result.vote_event_id][result.council_group_id] = (
            result.pour,
            result.contre,
            result.abstention,
            result.nppv,
        )
    for preview in previews:
        merged = dict(existing.get(preview.vote_event.pk, {}))
        for line in preview.lines:
            line.previous = merged.get(line.council_group.pk)
            merged[line.council_group.pk] = line.counts
        preview.totals = tuple(sum(c[i] for c in merged.values()) for i in range(4))  # type: ignore[assignment]
        preview.result, preview.status = decide(
            preview.totals[0], preview.totals[1], preview.vote_event.tie_break
        )
    previews.sort(
        key=lambda p: (p.vote_event.sitting.starts_at, p.vote_event.order, p.vote_event.pk)
    )


# --- writing -----------------------------------------------------------------------------


def _plain(counts: tuple[int, int, int, int] | None) -> str | None:
    return None if counts is None else "/".join(str(c) for c in counts)


def _write(previews: list[EventPreview], acting_user: Any) -> None:
    now = timezone.now()
    for preview in previews:
        event = VoteEvent.objects.select_for_update().get(pk=preview.vote_event.pk)
        changes: dict[str, Any] = {}
        for line in preview.lines:
            GroupResult.objects.update_or_create(
                vote_event=event,
                council_group=line.council_group,
                defaults=dict(zip(COUNT_COLUMNS, line.counts, strict=True)),
            )
            if line.previous != line.counts:
                changes[f"groupe {line.council_group.short_name}"] = [
                    _plain(line.previous),
                    _plain(line.counts),
                ]
        fields = ["version", "updated_at"]
        if preview.result:
            if event.result != preview.result:
                changes["result"] = [event.result, preview.result]
            event.result = preview.result
            event.result_recorded_at = now
            fields += ["result", "result_recorded_at"]
        # Bumped even on a tie: the counts changed, so a form opened before is stale.
        event.version += 1
        event.save(update_fields=fields)
        audit.record(
            actor=acting_user,
            action=ACTION,
            target=event,
            changes=changes,
            note=preview.status if not preview.result else "",
        )


def import_results(
    *, file_name: str, content: bytes, acting_user: Any, dry_run: bool = False
) -> ImportSummary:
    """Check the file, then (unless `dry_run`) write every line of it or none."""
    ensure(can_import_results(acting_user))
    rows, issues = parse_rows(content, file_name)
    with transaction.atomic():
        previews = _match(rows, file_name, issues)
        _complete(previews)
        if not dry_run:
            _write(previews, acting_user)
    return ImportSummary(file_name=file_name, dry_run=dry_run, events=previews)
