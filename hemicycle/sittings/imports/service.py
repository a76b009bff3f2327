"""Writing an agenda into a séance: all rapports or none, in file order, one audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.council.models import Body, Organisation
from hemicycle.group.models import Section
from hemicycle.sittings import search as area_search
from hemicycle.sittings.imports import csv_format, scdl
from hemicycle.sittings.imports.base import (
    AgendaImportError,
    ImportIssue,
    ReportRow,
    normalise,
)
from hemicycle.sittings.imports.permissions import can_manage_sittings
from hemicycle.sittings.models import Report, ReportDepartment, ReportDocument, Sitting, Theme

SECTION_LABELS = dict(Section.choices)


def detect_format(name: str, head: bytes) -> str:
    """ "csv", "scdl" or "pdf" (PDFs and zips of PDFs), from the name and first bytes."""
    lower = name.lower()
    if lower.endswith((".pdf", ".zip")) or head[:5] == b"%PDF-":
        return "pdf"
    if lower.endswith((".csv", ".txt")):
        first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace")
        return "scdl" if scdl.is_scdl_header(first_line) else "csv"
    return "pdf"


def parse_table(kind: str, content: bytes, file_name: str) -> list[ReportRow]:
    return (scdl.parse if kind == "scdl" else csv_format.parse)(content, file_name)


@dataclass
class ImportSummary:
    source: str  # "csv", "scdl" or "pdf"
    dry_run: bool
    rows: list[dict[str, Any]] = field(default_factory=list)
    new_themes: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    created: int = 0
    flagged: int = 0


def _commission_lookup(sitting: Sitting) -> dict[str, Body]:
    bodies = Body.objects.filter(term_id=sitting.body.term_id, kind=Body.Kind.COMMISSION)
    lookup: dict[str, Body] = {}
    for body in bodies:
        lookup.setdefault(normalise(body.name), body)
        lookup.setdefault(normalise(body.short_name), body)
    return lookup


def _by_key(names: list[str], existing: dict[str, Any]) -> list[str]:
    """Names absent from `existing` (keyed by normalised name), once each, in order."""
    missing: dict[str, str] = {}
    for name in names:
        key = normalise(name)
        if key not in existing and key not in missing:
            missing[key] = name
    return list(missing.values())


def _check(sitting: Sitting, rows: list[ReportRow], source: str) -> dict[str, Body]:
    issues: list[ImportIssue] = []
    commissions = _commission_lookup(sitting)
    known = ", ".join(sorted({b.short_name or b.name for b in commissions.values()})) or "aucune"
    field_name = "commissions"
    for row in rows:
        for name in row.commissions:
            if normalise(name) not in commissions:
                issues.append(
                    ImportIssue(
                        row.line,
                        field_name,
                        f"Commission inconnue « {name[:60]} ». Commissions de la mandature : "
                        f"{known}.",
                        row.file,
                    )
                )
    number_field = {"csv": "numero", "scdl": "DELIB_ID"}.get(source, "numéro")
    taken = {
        n.casefold(): n
        for n in Report.objects.filter(sitting=sitting).values_list("number", flat=True)
    }
    seen: dict[str, ReportRow] = {}
    for row in rows:
        key = row.number.casefold()
        if key in taken:
            issues.append(
                ImportIssue(
                    row.line,
                    number_field,
                    f"Un rapport porte déjà le numéro « {taken[key]} » dans cette séance.",
                    row.file,
                )
            )
        elif key in seen and seen[key].file != row.file:
            issues.append(
                ImportIssue(
                    row.line,
                    number_field,
                    f"Le numéro « {row.number} » figure aussi dans « {seen[key].file} ».",
                    row.file,
                )
            )
        seen.setdefault(key, row)
    if issues:
        raise AgendaImportError(issues)
    return commissions


def import_reports(
    *,
    sitting: Sitting,
    rows: list[ReportRow],
    acting_user: Any,
    source: str,
    dry_run: bool = False,
) -> ImportSummary:
    """Create the rapports of `rows` in `sitting`, after its existing ones; all or nothing.

    Raises AgendaImportError (nothing written) for an unknown commission or a number
    already used. `dry_run` returns the same summary and writes nothing. A missing
    `acting_user` is the system (management command).
    """
    ensure(acting_user is None or can_manage_sittings(acting_user))
    with transaction.atomic():
        if not dry_run:
            # Serialises two imports into one séance (numbers and order stay unique).
            Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
        commissions = _check(sitting, rows, source)
        themes = {normalise(t.name): t for t in Theme.objects.all()}
        organisations = {normalise(o.name): o for o in Organisation.objects.all()}
        summary = ImportSummary(source=source, dry_run=dry_run)
        summary.new_themes = _by_key([t for r in rows for t in r.themes], themes)
        summary.new_organisations = _by_key(
            [b for r in rows for b in r.beneficiaries], organisations
        )
        for row in rows:
            status = _text_status(row)
            summary.rows.append(
                {
                    "line": row.line,
                    "file": row.file,
                    "number": row.number,
                    "title": row.title,
                    "commissions": [commissions[normalise(c)].short_name for c in row.commissions],
                    "rapporteur": row.rapporteur,
                    "amount": row.amount,
                    "themes": list(row.themes),
                    "departments": [SECTION_LABELS[c] for c in row.departments],
                    "beneficiaries": list(row.beneficiaries),
                    "text_status": status,
                    "error": row.document.error if row.document else "",
                }
            )
            summary.created += 1
            summary.flagged += status == Report.TextStatus.FAILED
        if dry_run:
            return summary
        try:
            _write(sitting, rows, commissions, themes, organisations, summary, acting_user)
        except IntegrityError:
            raise AgendaImportError(
                [ImportIssue(0, "", "Un autre import a modifié cette séance : recommencez.")]
            ) from None
    return summary


def _text_status(row: ReportRow) -> str:
    if row.document is None:
        return Report.TextStatus.NONE
    return Report.TextStatus.FAILED if row.document.error else Report.TextStatus.OK


def _write(
    sitting: Sitting,
    rows: list[ReportRow],
    commissions: dict[str, Body],
    themes: dict[str, Theme],
    organisations: dict[str, Organisation],
    summary: ImportSummary,
    acting_user: Any,
) -> None:
    new_themes = Theme.objects.bulk_create([Theme(name=n) for n in summary.new_themes])
    themes.update({normalise(t.name): t for t in new_themes})
    new_orgs = Organisation.objects.bulk_create(
        [Organisation(name=n) for n in summary.new_organisations]
    )
    organisations.update({normalise(o.name): o for o in new_orgs})

    start = max(sitting.reports.values_list("order", flat=True), default=0)
    reports = []
    for position, row in enumerate(rows, start=1):
        report = Report(
            sitting=sitting,
            number=row.number,
            title=row.title,
            order=start + position,
            rapporteur=row.rapporteur,
            amount=row.amount,
            summary=row.summary,
            deliberation_number=row.deliberation_number,
            text_status=_text_status(row),
        )
        try:
            # Uniqueness was checked above for the whole batch, in one query.
            report.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise AgendaImportError(
                [
                    ImportIssue(row.line, name, " ".join(messages), row.file)
                    for name, messages in exc.message_dict.items()
                ]
            ) from None
        reports.append(report)
    reports = Report.objects.bulk_create(reports)

    Report.commissions.through.objects.bulk_create(
        [
            Report.commissions.through(report_id=report.pk, body_id=commissions[normalise(c)].pk)
            for report, row in zip(reports, rows, strict=True)
            for c in dict.fromkeys(row.commissions)
        ],
        ignore_conflicts=True,
    )
    Report.themes.through.objects.bulk_create(
        [
            Report.themes.through(report_id=report.pk, theme_id=themes[normalise(t)].pk)
            for report, row in zip(reports, rows, strict=True)
            for t in row.themes
        ],
        ignore_conflicts=True,
    )
    Report.beneficiaries.through.objects.bulk_create(
        [
            Report.beneficiaries.through(
                report_id=report.pk, organisation_id=organisations[normalise(b)].pk
            )
            for report, row in zip(reports, rows, strict=True)
            for b in row.beneficiaries
        ],
        ignore_conflicts=True,
    )
    ReportDepartment.objects.bulk_create(
        [
            ReportDepartment(report=report, section=code)
            for report, row in zip(reports, rows, strict=True)
            for code in row.departments
        ]
    )
    for report, row in zip(reports, rows, strict=True):
        if row.document is not None:
            _attach(report, row, acting_user)
    area_search.reindex_reports(reports)
    audit.record(
        actor=acting_user,
        action="sittings.agenda_imported",
        target=sitting,
        changes={
            "source": summary.source,
            "files": sorted({row.file for row in rows if row.file}),
            "created": summary.created,
            "flagged": summary.flagged,
            "new_themes": len(summary.new_themes),
            "new_organisations": len(summary.new_organisations),
        },
    )


def _attach(report: Report, row: ReportRow, acting_user: Any) -> None:
    source = row.document
    assert source is not None
    document = ReportDocument(
        report=report,
        title=source.original_name[:255],
        version=1,
        original_name=source.original_name[:255],
        sha256=source.sha256,
        size=source.size,
        pages=source.pages,
        text=source.text,
        text_status=Report.TextStatus.FAILED if source.error else Report.TextStatus.OK,
        text_error=source.error[:300],
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    with open(source.path, "rb") as stream:
        document.file.save(source.original_name, File(stream), save=False)
    document.save()
