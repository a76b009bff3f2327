"""Every change to séances, rapports, documents and attendance."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from hemicycle.core import audit
from hemicycle.core.models import AuditEntry
from hemicycle.core.permissions import ensure
from hemicycle.core.services import update_versioned
from hemicycle.council.models import Organisation
from hemicycle.group.models import Councillor
from hemicycle.sittings import pdf
from hemicycle.sittings import search as area_search
from hemicycle.sittings.models import (
    Attendance,
    Report,
    ReportDepartment,
    ReportDocument,
    Sitting,
    Theme,
)
from hemicycle.sittings.permissions import can_manage_sittings

SITTING_FIELDS = (
    "body",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "place_detail",
    "convocation_date",
    "status",
    "notes",
)
REPORT_FIELDS = (
    "number",
    "title",
    "order",
    "rapporteur",
    "amount",
    "summary",
    "deliberation_number",
)
DUPLICATE_NUMBER = "Un rapport porte déjà le numéro « {} » dans cette séance."


# --- séances -----------------------------------------------------------------------------


def _sitting_data(data: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in data.items() if k in SITTING_FIELDS}
    if not data.get("place") and data.get("body") is not None:
        data["place"] = data["body"].default_place
    return data


@transaction.atomic
def create_sitting(*, data: dict[str, Any], acting_user: Any) -> Sitting:
    """Create a séance; a late convocation is accepted (the page warns about it)."""
    ensure(can_manage_sittings(acting_user))
    if not data.get("starts_at"):
        raise ValidationError({"starts_at": "Indiquez la date et l’heure de la séance."})
    sitting = Sitting(**_sitting_data(data))
    sitting.full_clean()
    sitting.save()
    audit.record(
        actor=acting_user,
        action="sittings.sitting_created",
        target=sitting,
        changes={k: [None, v] for k, v in audit.snapshot(sitting, SITTING_FIELDS).items()},
    )
    return sitting


@transaction.atomic
def update_sitting(
    *, sitting: Sitting, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> Sitting:
    ensure(can_manage_sittings(acting_user))
    if not data.get("starts_at"):
        raise ValidationError({"starts_at": "Indiquez la date et l’heure de la séance."})
    saved = update_versioned(
        sitting,
        data=_sitting_data(data),
        expected_version=expected_version,
        acting_user=acting_user,
        action="sittings.sitting_updated",
    )
    # The rapports' search date is the séance's.
    area_search.reindex_reports(saved.reports.all())
    return saved


# --- rapports ----------------------------------------------------------------------------


def _check_number(sitting: Sitting, number: str, exclude_pk: int | None = None) -> None:
    others = Report.objects.filter(sitting=sitting, number=number)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError({"number": DUPLICATE_NUMBER.format(number)})


def _check_commissions(sitting: Sitting, commissions: Any) -> None:
    for body in commissions or []:
        if body.term_id != sitting.body.term_id or body.kind != body.Kind.COMMISSION:
            raise ValidationError(
                {"commissions": f"« {body} » n’est pas une commission de cette mandature."}
            )


def _set_relations(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    """Themes (created when new), départements and beneficiaries (get-or-create)."""
    changes: dict[str, Any] = {}
    if "commissions" in data:
        before = sorted(str(b) for b in report.commissions.all())
        report.commissions.set(data["commissions"])
        after = sorted(str(b) for b in data["commissions"])
        if before != after:
            changes["commissions"] = [", ".join(before), ", ".join(after)]
    if "themes_text" in data:
        before = sorted(t.name for t in report.themes.all())
        themes = []
        for name in data["themes_text"]:
            theme = Theme.objects.filter(name__iexact=name).first()
            if theme is None:
                theme = Theme(name=name[:100])
                theme.full_clean()
                theme.save()
            themes.append(theme)
        report.themes.set(themes)
        after = sorted(t.name for t in themes)
        if before != after:
            changes["themes"] = [", ".join(before), ", ".join(after)]
    if "departments" in data:
        before = sorted(d.section for d in report.departments.all())
        after = sorted(set(data["departments"]))
        report.departments.exclude(section__in=after).delete()
        for section in set(after) - set(before):
            ReportDepartment.objects.create(report=report, section=section)
        if before != after:
            changes["departments"] = [", ".join(before), ", ".join(after)]
    if "beneficiaries_text" in data:
        before = sorted(o.name for o in report.beneficiaries.all())
        organisations = []
        for name in data["beneficiaries_text"]:
            organisation = Organisation.objects.filter(name__iexact=name).first()
            if organisation is None:
                organisation = Organisation(name=name[:255])
                organisation.full_clean()
                organisation.save()
            organisations.append(organisation)
        report.beneficiaries.set(organisations)
        after = sorted(o.name for o in organisations)
        if before != after:
            changes["beneficiaries"] = [", ".join(before), ", ".join(after)]
    return changes


@transaction.atomic
def create_report(*, sitting: Sitting, data: dict[str, Any], acting_user: Any) -> Report:
    ensure(can_manage_sittings(acting_user))
    _check_number(sitting, data.get("number", ""))
    _check_commissions(sitting, data.get("commissions"))
    report = Report(sitting=sitting, **{k: v for k, v in data.items() if k in REPORT_FIELDS})
    report.full_clean()
    report.save()
    changes = {k: [None, v] for k, v in audit.snapshot(report, REPORT_FIELDS).items() if v}
    changes.update(_set_relations(report, data))
    audit.record(
        actor=acting_user, action="sittings.report_created", target=report, changes=changes
    )
    area_search.reindex_reports([report])
    return report


@transaction.atomic
def update_report(
    *, report: Report, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> Report:
    ensure(can_manage_sittings(acting_user))
    if "number" in data:
        _check_number(report.sitting, data["number"], exclude_pk=report.pk)
    _check_commissions(report.sitting, data.get("commissions"))
    plain = {k: v for k, v in data.items() if k in REPORT_FIELDS}
    saved = update_versioned(
        report,
        data=plain,
        expected_version=expected_version,
        acting_user=acting_user,
        action="sittings.report_updated",
    )
    changes = _set_relations(saved, data)
    if changes:
        audit.record(
            actor=acting_user,
            action="sittings.report_relations_updated",
            target=saved,
            changes=changes,
        )
    area_search.reindex_reports([saved])
    return saved


# --- documents ---------------------------------------------------------------------------


def _read_upload(upload: UploadedFile) -> bytes:
    limit = settings.HEMICYCLE_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": f"Ce fichier pèse {upload.size / 2**20:.1f}\u00a0Mo : la limite est de "
                f"{limit / 2**20:.0f}\u00a0Mo."
            }
        )
    upload.seek(0)
    head = upload.read(1024)
    if not pdf.looks_like_pdf(head):
        raise ValidationError(
            {"file": "Ce fichier n’est pas un PDF : seuls les documents PDF sont acceptés."}
        )
    upload.seek(0)
    data = upload.read()
    if len(data) > limit:
        raise ValidationError(
            {"file": f"Ce fichier dépasse la limite de {limit // 2**20}\u00a0Mo."}
        )
    return data


def _schedule_extraction(document_id: int) -> None:
    from hemicycle.sittings.tasks import extract_document_text

    transaction.on_commit(lambda: extract_document_text(document_id))


@transaction.atomic
def upload_document(
    *, report: Report, title: str, upload: UploadedFile, acting_user: Any
) -> ReportDocument:
    """Store a PDF as the next version of its title; its text is read in the background."""
    ensure(can_manage_sittings(acting_user))
    data = _read_upload(upload)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Donnez un titre au document."})
    report = Report.objects.select_for_update().get(pk=report.pk)
    last = report.documents.filter(title=title).aggregate(v=Max("version"))["v"] or 0
    from django.core.files.base import ContentFile

    document = ReportDocument(
        report=report,
        title=title,
        version=last + 1,
        original_name=(upload.name or "document.pdf")[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        text_status=Report.TextStatus.PENDING,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    document.file.save("document.pdf", ContentFile(data), save=False)
    document.full_clean()
    document.save()
    report.text_status = Report.TextStatus.PENDING
    report.save(update_fields=["text_status", "updated_at"])
    audit.record(
        actor=acting_user,
        action="sittings.document_uploaded",
        target=report,
        changes={"document": [None, f"{document.title} (v{document.version})"]},
        note=document.original_name,
    )
    _schedule_extraction(document.pk)
    return document


@transaction.atomic
def retry_extraction(*, document: ReportDocument, acting_user: Any) -> ReportDocument:
    ensure(can_manage_sittings(acting_user))
    document.text_status = Report.TextStatus.PENDING
    document.text_error = ""
    document.save(update_fields=["text_status", "text_error", "updated_at"])
    Report.objects.filter(pk=document.report_id).update(text_status=Report.TextStatus.PENDING)
    audit.record(
        actor=acting_user,
        action="sittings.document_extraction_retried",
        target=document.report,
        note=str(document),
    )
    _schedule_extraction(document.pk)
    return document


def report_text_status(report: Report) -> str:
    """A rapport's text status, from the latest version of each of its documents."""
    latest: dict[str, str] = {}
    for title, status in report.documents.order_by("title", "-version").values_list(
        "title", "text_status"
    ):
        latest.setdefault(title, status)
    statuses = set(latest.values())
    s = Report.TextStatus
    if not statuses:
        return s.NONE
    for status in (s.PENDING, s.FAILED):
        if status in statuses:
            return status
    return s.OK


@transaction.atomic
def store_extraction(*, document_id: int) -> ReportDocument | None:
    """Read a document's text and store it with its status (run by the background task)."""
    document = ReportDocument.objects.select_for_update().filter(pk=document_id).first()
    if document is None:
        return None
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        result = pdf.extract_text(data)
    except pdf.PdfError as exc:
        document.text, document.pages = "", None
        document.text_status = Report.TextStatus.FAILED
        document.text_error = str(exc)[:300]
    except OSError:
        document.text, document.pages = "", None
        document.text_status = Report.TextStatus.FAILED
        document.text_error = "Le fichier est introuvable sur le serveur."
    else:
        document.text, document.pages = result.text, result.pages
        document.text_status = Report.TextStatus.OK
        document.text_error = ""
    document.save(update_fields=["text", "pages", "text_status", "text_error", "updated_at"])
    report = document.report
    report.text_status = report_text_status(report)
    report.save(update_fields=["text_status", "updated_at"])
    audit.record(
        actor=None,
        action="sittings.document_text_extracted",
        target=report,
        changes={"text_status": [None, document.text_status]},
        note=document.text_error or str(document),
    )
    # The PDF's text is found under its rapport.
    area_search.reindex_reports([report])
    return document


# --- attendance --------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    councillor: Councillor
    status: str  # "" when not recorded
    proxy_holder: Councillor | None = None
    # The row's token when the sheet was opened (see attendance_token); None skips the
    # check, for callers that do not come from the sheet (commands, imports).
    expected: str | None = None


def attendance_token(attendance: Attendance | None) -> str:
    """What the sheet remembers of a saved row: its id and version, "" when there was none.

    The id is part of the token so that a row cleared and then recorded again meanwhile
    (a new row, back to version 1) still counts as changed.
    """
    return f"{attendance.pk}:{attendance.version}" if attendance is not None else ""


class AttendanceError(ValidationError):
    """Some rows are wrong: `errors` maps a councillor's pk to a French message."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.errors = errors
        super().__init__(
            "La feuille de présence contient des erreurs : rien n’a été enregistré.",
            code="attendance",
        )


@dataclass
class AttendanceConflict:
    """One line someone else saved after the sheet was opened, as the sheet shows it."""

    councillor: Councillor
    saved: str  # what is recorded now, e.g. "Représenté·e — pouvoir à Claire Martin"
    mine: str  # what the user entered
    by: str  # who saved it, from the audit trail ("" when unknown)
    at: Any  # when, or None


class AttendanceConflictError(ValidationError):
    """Someone saved some lines since the sheet was opened: nothing was written.

    `tokens` are the current tokens of every row, for the re-rendered sheet: saving it
    again is then a conscious overwrite of what `conflicts` showed.
    """

    def __init__(self, conflicts: list[AttendanceConflict], tokens: dict[int, str]) -> None:
        self.conflicts = conflicts
        self.tokens = tokens
        super().__init__(
            "La feuille de présence a été modifiée par quelqu’un d’autre depuis que vous "
            "l’avez ouverte. Rien n’a été enregistré.",
            code="concurrent_edit",
        )


def _attendance_shown(status: str, holder: Any) -> str:
    if not status:
        return "non renseigné"
    label = str(Attendance.Status(status).label) if status in Attendance.Status.values else status
    return f"{label} — pouvoir à {holder}" if holder else label


def _last_savers(sitting: Sitting, councillors: list[Councillor]) -> dict[int, AuditEntry]:
    """For each councillor, the latest sheet save that changed their line (one query)."""
    ct = ContentType.objects.get_for_model(Sitting)
    wanted = {str(c): c.pk for c in councillors}
    found: dict[int, AuditEntry] = {}
    entries = AuditEntry.objects.filter(
        action="sittings.attendance_saved", target_type=ct, target_id=str(sitting.pk)
    ).order_by("-created_at", "-id")[:50]
    for entry in entries:
        for label in entry.changes:
            pk = wanted.get(label)
            if pk is not None and pk not in found:
                found[pk] = entry
    return found


def _attendance_conflicts(
    sitting: Sitting, rows: list[AttendanceRow], existing: dict[int, Attendance]
) -> list[AttendanceConflict]:
    changed = [
        row
        for row in rows
        if row.expected is not None
        and row.expected != attendance_token(existing.get(row.councillor.pk))
    ]
    if not changed:
        return []
    savers = _last_savers(sitting, [row.councillor for row in changed])
    conflicts = []
    for row in changed:
        current = existing.get(row.councillor.pk)
        entry = savers.get(row.councillor.pk)
        conflicts.append(
            AttendanceConflict(
                councillor=row.councillor,
                saved=_attendance_shown(current.status, current.proxy_holder)
                if current
                else _attendance_shown("", None),
                mine=_attendance_shown(row.status, row.proxy_holder),
                by=entry.actor_label if entry else "",
                at=entry.created_at if entry else None,
            )
        )
    return conflicts


def check_attendance(rows: list[AttendanceRow]) -> dict[int, str]:
    """The proxy rules (CGCT L4132-15), as French messages per councillor."""
    s = Attendance.Status
    errors: dict[int, str] = {}
    status_of = {row.councillor.pk: row.status for row in rows}
    holders: dict[int, Councillor] = {}
    for row in rows:
        pk, holder = row.councillor.pk, row.proxy_holder
        if row.status and row.status not in s.values:
            errors[pk] = "Statut de présence inconnu."
        elif row.status == s.REPRESENTED and holder is None:
            errors[pk] = "Indiquez qui détient le pouvoir."
        elif holder is not None and row.status != s.REPRESENTED:
            errors[pk] = "Seul·e un·e élu·e représenté·e donne un pouvoir."
        elif holder is not None and holder.pk == pk:
            errors[pk] = "On ne se donne pas pouvoir à soi-même."
        elif holder is not None and status_of.get(holder.pk) not in (s.PRESENT, s.REMOTE):
            errors[pk] = (
                f"{holder} n’est pas noté·e présent·e ou à distance : "
                "il ou elle ne peut pas détenir ce pouvoir."
            )
        elif holder is not None and holder.pk in holders:
            errors[pk] = (
                f"{holder} détient déjà le pouvoir de {holders[holder.pk]} : "
                "un·e élu·e ne détient qu’un pouvoir (CGCT L4132-15)."
            )
        elif holder is not None:
            holders[holder.pk] = row.councillor
    return errors


@transaction.atomic
def save_attendance(*, sitting: Sitting, rows: list[AttendanceRow], acting_user: Any) -> None:
    """Record the whole attendance sheet at once, or nothing if any row is wrong or was
    saved by someone else since the sheet was opened (AttendanceConflictError)."""
    ensure(can_manage_sittings(acting_user))
    # Lock the séance itself: row locks cannot cover a line that does not exist yet, and
    # two sheets saved at once must be checked and written one after the other.
    list(Sitting.objects.select_for_update().filter(pk=sitting.pk).values_list("pk"))
    existing = {
        a.councillor_id: a
        # of=("self",): PostgreSQL cannot lock the nullable side of the proxy holder's join.
        for a in sitting.attendances.select_for_update(of=("self",)).select_related("proxy_holder")
    }
    conflicts = _attendance_conflicts(sitting, rows, existing)
    if conflicts:
        tokens = {
            row.councillor.pk: attendance_token(existing.get(row.councillor.pk)) for row in rows
        }
        raise AttendanceConflictError(conflicts, tokens)
    errors = check_attendance(rows)
    if errors:
        raise AttendanceError(errors)
    changed = []
    for row in rows:
        current = existing.get(row.councillor.pk)
        old = (current.status, current.proxy_holder_id) if current else ("", None)
        if old != (row.status, row.proxy_holder.pk if row.proxy_holder else None):
            changed.append((row, current))
    # Only changed lines are written, so that their version alone moves and a sheet open
    # elsewhere reports just those. Their proxies are freed first: swapping holders
    # between two lines must not trip the one-proxy-per-holder constraint halfway through.
    Attendance.objects.filter(
        pk__in=[current.pk for _, current in changed if current is not None]
    ).exclude(proxy_holder=None).update(proxy_holder=None)
    changes: dict[str, list[Any]] = {}
    for row, current in changed:
        old_text = (current.status, str(current.proxy_holder or "")) if current else ("", "")
        new_text = (row.status, str(row.proxy_holder or ""))
        if not row.status:
            if current is not None:
                current.delete()
        else:
            attendance = current or Attendance(sitting=sitting, councillor=row.councillor)
            attendance.status = row.status
            attendance.proxy_holder = row.proxy_holder
            if current is not None:
                attendance.version += 1
            try:
                # Constraints are checked against the database: a line not on the sheet
                # (a councillor who left the group) may still hold the proxy asked for.
                attendance.full_clean()
            except ValidationError as exc:
                raise AttendanceError({row.councillor.pk: " ".join(exc.messages)}) from exc
            attendance.save()
        changes[str(row.councillor)] = [" ".join(old_text).strip(), " ".join(new_text).strip()]
    audit.record(
        actor=acting_user, action="sittings.attendance_saved", target=sitting, changes=changes
    )
