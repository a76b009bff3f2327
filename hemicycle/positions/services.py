"""Every write of the group's follow-up: assignment, notes d'enjeux, vote lines, speakers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from lxml import etree

from hemicycle.core import audit, search
from hemicycle.core.permissions import ensure
from hemicycle.core.services import ConcurrentEditError, update_versioned
from hemicycle.positions import permissions
from hemicycle.positions import search as area_search
from hemicycle.positions.models import Brief, BriefVersion, FollowUp, Speech, VoteLine
from hemicycle.sittings.models import Report

# Workflow of a note d'enjeux: (from, to) → transition name.
BRIEF_TRANSITIONS: dict[tuple[str, str], str] = {
    (Brief.Status.DRAFT, Brief.Status.REVIEW): "submit",
    (Brief.Status.REVIEW, Brief.Status.VALIDATED): "validate",
    (Brief.Status.REVIEW, Brief.Status.DRAFT): "return",
}


class BriefConflict(ValidationError):
    """Someone saved a newer version of the note since the user opened it."""

    def __init__(self, latest: BriefVersion) -> None:
        self.latest = latest
        super().__init__(
            f"La note a été modifiée (version {latest.number}) depuis que vous l’avez ouverte. "
            "Votre texte n’a pas été enregistré : comparez les deux textes ci-dessous, "
            "reprenez ce qui doit l’être, puis enregistrez de nouveau.",
            code="brief_conflict",
        )


def follow_up_for(report: Report) -> FollowUp:
    follow_up, _ = FollowUp.objects.get_or_create(report=report)
    return follow_up


def _locked_follow_up(report: Report) -> FollowUp:
    follow_up_for(report)
    return FollowUp.objects.select_for_update().get(report=report)


def _brief_for(report: Report) -> Brief:
    Brief.objects.get_or_create(report=report)
    return Brief.objects.select_for_update().get(report=report)


@transaction.atomic
def assign(
    *, report: Report, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> FollowUp:
    ensure(permissions.can_assign(acting_user))
    follow_up = follow_up_for(report)
    return update_versioned(
        follow_up,
        data={k: data[k] for k in ("referent", "staff_member", "priority") if k in data},
        expected_version=expected_version,
        acting_user=acting_user,
        action="positions.follow_up.assigned",
    )


@transaction.atomic
def write_brief_version(
    *, report: Report, text: str, base_number: int, acting_user: Any
) -> BriefVersion:
    """Add version N+1 of the note, if nobody saved one since the user opened version N."""
    follow_up = _locked_follow_up(report)
    ensure(permissions.can_write_brief(acting_user, follow_up))
    brief = _brief_for(report)
    if brief.status != Brief.Status.DRAFT:
        raise ValidationError(
            "La note n’est plus en brouillon : elle doit être renvoyée en brouillon "
            "avant d’être modifiée."
        )
    if not text.strip():
        raise ValidationError({"text": "La note ne peut pas être vide."})
    latest = brief.versions.order_by("-number").first()
    latest_number = latest.number if latest else 0
    if latest is not None and latest_number > base_number:
        raise BriefConflict(latest)
    version = BriefVersion(brief=brief, number=latest_number + 1, text=text, author=acting_user)
    version.full_clean()
    version.save()
    brief.version += 1
    brief.save(update_fields=["version", "updated_at"])
    if follow_up.status == FollowUp.Status.TO_ANALYSE:
        follow_up.status = FollowUp.Status.ANALYSING
        follow_up.version += 1
        follow_up.save(update_fields=["status", "version", "updated_at"])
    audit.record(
        actor=acting_user,
        action="positions.brief.version_added",
        target=brief,
        changes={"version": [latest_number or None, version.number]},
    )
    search.index_object(area_search.BRIEF, brief)
    return version


def _transition(brief: Brief, target: str, acting_user: Any, action: str) -> Brief:
    if (brief.status, target) not in BRIEF_TRANSITIONS:
        raise ValidationError(
            f"Impossible de passer la note de « {brief.get_status_display()} » "
            f"à « {Brief.Status(target).label} »."
        )
    before = brief.status
    brief.status = target
    brief.version += 1
    brief.full_clean()
    brief.save()
    audit.record(
        actor=acting_user, action=action, target=brief, changes={"status": [before, target]}
    )
    return brief


@transaction.atomic
def submit_brief(*, report: Report, acting_user: Any) -> Brief:
    follow_up = _locked_follow_up(report)
    ensure(permissions.can_submit_brief(acting_user, follow_up))
    brief = _brief_for(report)
    if not brief.versions.exists():
        raise ValidationError("Écrivez la note avant de la soumettre à la relecture.")
    return _transition(brief, Brief.Status.REVIEW, acting_user, "positions.brief.submitted")


@transaction.atomic
def validate_brief(*, report: Report, acting_user: Any) -> Brief:
    ensure(permissions.can_validate_brief(acting_user))
    follow_up = _locked_follow_up(report)
    brief = _brief_for(report)
    brief = _transition(brief, Brief.Status.VALIDATED, acting_user, "positions.brief.validated")
    brief.validated_by = acting_user
    brief.validated_at = timezone.now()
    brief.save(update_fields=["validated_by", "validated_at", "updated_at"])
    if follow_up.status in (FollowUp.Status.TO_ANALYSE, FollowUp.Status.ANALYSING):
        follow_up.status = FollowUp.Status.BRIEF_VALIDATED
        follow_up.version += 1
        follow_up.save(update_fields=["status", "version", "updated_at"])
    return brief


@transaction.atomic
def return_brief(*, report: Report, acting_user: Any) -> Brief:
    ensure(permissions.can_validate_brief(acting_user))
    brief = _brief_for(report)
    return _transition(brief, Brief.Status.DRAFT, acting_user, "positions.brief.returned")


LINE_FIELDS = ("position", "rationale", "explanation", "decided_on")


@transaction.atomic
def set_vote_line(
    *, report: Report, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> VoteLine:
    ensure(permissions.can_set_line(acting_user))
    follow_up = _locked_follow_up(report)
    values = {k: data.get(k) for k in LINE_FIELDS if k in data}
    line = VoteLine.objects.filter(report=report).first()
    if line is None:
        line = VoteLine(report=report, **values)
        line.full_clean()
        line.save()
        audit.record(
            actor=acting_user,
            action="positions.line.set",
            target=line,
            changes=audit.diff({}, audit.snapshot(line, LINE_FIELDS)),
        )
    else:
        line = update_versioned(
            line,
            data=values,
            expected_version=expected_version,
            acting_user=acting_user,
            action="positions.line.set",
        )
    if follow_up.status != FollowUp.Status.LINE_SET:
        follow_up.status = FollowUp.Status.LINE_SET
        follow_up.version += 1
        follow_up.save(update_fields=["status", "version", "updated_at"])
    return line


SPEECH_FIELDS = ("councillor", "planned_minutes", "topic", "order")


@transaction.atomic
def add_speech(*, report: Report, data: dict[str, Any], acting_user: Any) -> Speech:
    ensure(permissions.can_edit_speakers(acting_user))
    values = {k: data[k] for k in SPEECH_FIELDS if k in data}
    if values.get("order") in (None, ""):
        # Archived speeches count: a restored one keeps its place without a tie.
        values["order"] = (report.speeches.aggregate(m=Max("order"))["m"] or 0) + 1
    speech = Speech(report=report, **values)
    speech.full_clean()
    speech.save()
    audit.record(
        actor=acting_user,
        action="positions.speech.added",
        target=speech,
        changes=audit.diff({}, audit.snapshot(speech, SPEECH_FIELDS)),
    )
    search.index_object(area_search.SPEECH, speech)
    return speech


@transaction.atomic
def update_speech(
    *, speech: Speech, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> Speech:
    ensure(permissions.can_edit_speakers(acting_user))
    saved = update_versioned(
        speech,
        data={k: data[k] for k in SPEECH_FIELDS if k in data},
        expected_version=expected_version,
        acting_user=acting_user,
        action="positions.speech.updated",
    )
    search.index_object(area_search.SPEECH, saved)
    return saved


def _locked_speech(speech: Speech, expected_version: int | None) -> Speech:
    """The saved speech, locked; a stale version is a conflict before any state check, so
    that two people clicking the same button get the concurrent-edit message."""
    current = Speech.objects.select_for_update().get(pk=speech.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current)
    return current


@transaction.atomic
def archive_speech(*, speech: Speech, expected_version: int | None, acting_user: Any) -> Speech:
    """What "Retirer" does: the speech leaves the rapport, the dossier and the counts, but
    stays restorable from the Archives page (a removal by mistake must not lose it)."""
    ensure(permissions.can_edit_speakers(acting_user))
    if _locked_speech(speech, expected_version).archived_at is not None:
        raise ValidationError("Cette prise de parole est déjà retirée.")
    saved = update_versioned(
        speech,
        data={"archived_at": timezone.now(), "archived_by": acting_user},
        expected_version=expected_version,
        acting_user=acting_user,
        action="positions.speech.archived",
    )
    search.index_object(area_search.SPEECH, saved)
    return saved


@transaction.atomic
def restore_speech(*, speech: Speech, expected_version: int | None, acting_user: Any) -> Speech:
    """Bring an archived speech back on its rapport, as it was when removed."""
    ensure(permissions.can_edit_speakers(acting_user))
    if _locked_speech(speech, expected_version).archived_at is None:
        raise ValidationError("Cette prise de parole n’est plus aux archives.")
    saved = update_versioned(
        speech,
        data={"archived_at": None, "archived_by": None},
        expected_version=expected_version,
        acting_user=acting_user,
        action="positions.speech.restored",
    )
    search.index_object(area_search.SPEECH, saved)
    return saved


# The séance brief template the secrétariat may replace.
BUNDLED_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "dossier_de_seance.docx"


def custom_template_path() -> Path:
    return Path(settings.MEDIA_ROOT) / "templates" / "dossier_de_seance.docx"


def brief_template_path() -> Path:
    custom = custom_template_path()
    return custom if custom.exists() else BUNDLED_TEMPLATE


MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def check_docx(content: bytes) -> None:
    """Refuse anything that is not a Word document docxtpl can open."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": "Le modèle dépasse 10 Mo."})
    not_docx = ValidationError({"file": "Ce fichier n’est pas un document Word (.docx) lisible."})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise not_docx
            # No entities, no network: the upload is untrusted.
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            etree.fromstring(archive.read("word/document.xml"), parser)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError):
        raise not_docx from None


@transaction.atomic
def upload_brief_template(*, content: bytes, name: str, acting_user: Any) -> Path:
    ensure(permissions.can_manage_templates(acting_user))
    check_docx(content)
    path = custom_template_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    audit.record(actor=acting_user, action="positions.template.uploaded", note=name[:200])
    return path


@transaction.atomic
def reset_brief_template(*, acting_user: Any) -> None:
    ensure(permissions.can_manage_templates(acting_user))
    custom_template_path().unlink(missing_ok=True)
    audit.record(actor=acting_user, action="positions.template.reset")
