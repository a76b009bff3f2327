"""Exports of filings: one filing as Word (editable template) or PDF, and a séance's
numbered list (page, PDF) and zip of every filing.

Everything exported is built from an explicit list of fields (`filing_data`): no comment,
no history, no late-filing reason. A partner may export a filing shared with them, so the
documents must never carry anything internal to the group.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from lxml import etree

from hemicycle.core import audit
from hemicycle.core.permissions import access, ensure, is_secretariat
from hemicycle.council.models import Body, FilingKind
from hemicycle.filings import permissions, selectors
from hemicycle.filings.forms import text_fields_for, text_labels
from hemicycle.filings.models import Filing, FilingVersion
from hemicycle.group.selectors import current_group
from hemicycle.sittings.models import Sitting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_COUNCIL = "Conseil régional des Hauts-de-France"
KIND_ORDER = {value: index for index, value in enumerate(FilingKind.values)}

# --- the Word template the secrétariat may replace ------------------------------------------

BUNDLED_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "depot.docx"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def custom_template_path() -> Path:
    return Path(settings.MEDIA_ROOT) / "templates" / "depot.docx"


def template_path() -> Path:
    custom = custom_template_path()
    return custom if custom.exists() else BUNDLED_TEMPLATE


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
def upload_template(*, content: bytes, name: str, acting_user: Any) -> Path:
    ensure(is_secretariat(acting_user))
    check_docx(content)
    path = custom_template_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    audit.record(actor=acting_user, action="filings.template.uploaded", note=name[:200])
    return path


@transaction.atomic
def reset_template(*, acting_user: Any) -> None:
    ensure(is_secretariat(acting_user))
    custom_template_path().unlink(missing_ok=True)
    audit.record(actor=acting_user, action="filings.template.reset")


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label="Modèle Word (.docx)",
        help_text="Balises docxtpl : {{ header }}, {{ kind }}, {{ reference }}, {{ title }}, "
        "{% for t in texts %}, {% for a in authors %}, {% for c in cosigners %}…",
    )


# --- content ----------------------------------------------------------------------------------

_SPACE_BEFORE = re.compile(r"[ \u00a0]+([;!?»])")
_SPACE_BEFORE_COLON = re.compile(r" +(:)")
_SPACE_AFTER = re.compile(r"(«)[ \u00a0]+")


def french_spacing(text: str) -> str:
    """Make the spaces French typography puts around ; : ! ? « » unbreakable, so that a
    line never starts with a colon or a closing guillemet. Only existing spaces change."""
    text = _SPACE_BEFORE.sub("\u202f\\1", text)
    text = _SPACE_BEFORE_COLON.sub("\u00a0\\1", text)
    return _SPACE_AFTER.sub("\\1\u00a0", text)


def _paragraphs(text: str) -> list[str]:
    # One Word paragraph per line: a single line break inside a considérant stays a break.
    return [french_spacing(line.strip()) for line in text.splitlines() if line.strip()]


def _date(value: Any) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y")


def sitting_label(sitting: Sitting | None) -> str:
    if sitting is None:
        return ""
    kind = sitting.body.kind
    if kind == Body.Kind.PLENARY:
        return "Séance plénière"
    if kind == Body.Kind.PERMANENT:
        return "Commission permanente"
    return str(sitting.body)


def _council_and_group() -> tuple[str, str]:
    group = current_group()
    if group is None:
        return DEFAULT_COUNCIL, ""
    return group.council_name or DEFAULT_COUNCIL, group.name


def header_of(sitting: Sitting | None, council: str) -> str:
    if sitting is None:
        return council
    return f"{council} — {sitting_label(sitting)} du {_date(sitting.starts_at)}"


def _prefixed(value: str, word: str) -> str:
    # Users type "3" or "Article 3", "2" or "alinéa 2": the document reads the same.
    value = value.strip()
    if not value or value.lower().startswith(word[:3]):
        return value
    return f"{word} {value}"


def target_of(filing: Filing) -> str:
    """'Rapport n° 2026.0012 — article 3, alinéa 2' for amendments, '' otherwise."""
    if not filing.needs_report or filing.report is None:
        return ""
    parts = [f"Rapport n° {filing.report.number}"]
    article = _prefixed(filing.article, "article")
    paragraph = _prefixed(filing.paragraph, "alinéa")
    place = ", ".join(p for p in (article, paragraph) if p)
    if place:
        parts.append(place)
    return " — ".join(parts)


def _cosigners(filing: Filing) -> list[Any]:
    # The selectors prefetch the active co-signatures into `active_cosignatures`; a filing
    # fetched otherwise is filtered here, so a withdrawn signature never reaches a document.
    rows = getattr(filing, "active_cosignatures", None)
    if rows is None:
        rows = list(
            filing.cosignatures.filter(withdrawn_at__isnull=True).select_related(
                "signer", "council_group"
            )
        )
    return rows


def filing_data(
    filing: Filing,
    version: FilingVersion | None,
    *,
    council: str,
    group: str,
) -> dict[str, Any]:
    """What an export shows of a filing: public fields only (see the module docstring)."""
    labels = text_labels(filing.kind)
    texts = []
    motives: dict[str, Any] = {"label": labels["motives"], "paragraphs": []}
    if version is not None:
        for name in text_fields_for(filing.kind):
            section = {"label": labels[name], "paragraphs": _paragraphs(getattr(version, name))}
            if name == "motives":
                motives = section
            elif section["paragraphs"] or name == "text":
                texts.append(section)
    authorships = sorted(
        filing.authorships.all(), key=lambda a: (a.role != a.Role.AUTHOR, a.councillor.last_name)
    )
    filed = filing.status in permissions.PUBLIC_STATUSES
    parent = ""
    if filing.parent is not None:
        # The reference only: the amendment aimed at may not be shared with this reader.
        parent = f"Sous-amendement à l’amendement {filing.parent.reference}"
    return {
        "council": council,
        "group": group,
        "sitting_label": sitting_label(filing.sitting),
        "sitting_date": _date(filing.sitting.starts_at) if filing.sitting else "",
        "header": header_of(filing.sitting, council),
        "kind": filing.get_kind_display(),
        "reference": filing.reference,
        "registration_number": filing.registration_number if filed else "",
        "filed_on": _date(filing.filed_at) if filed else "",
        "target": target_of(filing),
        "report_title": filing.report.title if filing.report else "",
        "parent": parent,
        "title": french_spacing(filing.title),
        "texts": texts,
        "motives": motives,
        "authors": [
            {
                "name": a.councillor.full_name,
                "role": "premier·e signataire" if a.role == a.Role.AUTHOR else "",
            }
            for a in authorships
        ],
        "cosigners": [
            {
                "name": f"{c.signer.first_name} {c.signer.last_name}",
                "group": c.council_group.name,
            }
            for c in _cosigners(filing)
        ],
        "outcome": filing.get_outcome_display() if filing.status == Filing.Status.DECIDED else "",
    }


def render_docx(data: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(template_path()))
    template.render(data, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def html_to_pdf(html: str) -> bytes:
    # Imported here: the app must start on machines where Pango (WeasyPrint's engine) is missing.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_pdf(data: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string("filings/filing_pdf.html", {"d": data}))


def safe_filename(name: str, *, max_length: int = 80) -> str:
    """A file name any system accepts: no path separators, no reserved or control
    characters, no leading dot, bounded length; accents are kept (zip stores UTF-8)."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in name)
    name = re.sub(r'[\\/:*?"<>|]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:max_length].rstrip(" .") or "depot"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # An ASCII slug in the header: no quoting or encoding trouble whatever the objet holds.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_slug(filing: Filing) -> str:
    return f"{slugify(filing.reference)}-{slugify(filing.title)[:50]}".strip("-")


# --- the séance's filings -----------------------------------------------------------------------


def _get_sitting_or_404(sitting_pk: int) -> Sitting:
    return get_object_or_404(Sitting.objects.select_related("body"), pk=sitting_pk)


def sitting_rows(sitting: Sitting, user: Any) -> list[Filing]:
    """The séance's non-abandoned filings, in the order of the assembly's list: by kind (in
    the order of FilingKind), then by the group's number. A fixed number of queries."""
    rows = (
        selectors.filings_visible_to(user)
        .filter(sitting=sitting)
        .exclude(status=Filing.Status.ABANDONED)
    )
    return sorted(rows, key=lambda f: (KIND_ORDER.get(f.kind, 99), f.sequence or 0, f.pk))


def _latest_versions(filings: list[Filing]) -> dict[int, FilingVersion]:
    latest: dict[int, FilingVersion] = {}
    for version in FilingVersion.objects.filter(filing__in=filings).order_by("number"):
        latest[version.filing_id] = version
    return latest


def _list_context(sitting: Sitting, user: Any) -> dict[str, Any]:
    council, group = _council_and_group()
    rows = []
    for filing in sitting_rows(sitting, user):
        first = next(
            (a for a in filing.authorships.all() if a.role == a.Role.AUTHOR),
            next(iter(filing.authorships.all()), None),
        )
        groups = sorted({c.council_group.name for c in _cosigners(filing)})
        rows.append(
            {
                "filing": filing,
                "target": target_of(filing),
                "first_author": first.councillor.full_name if first else "",
                "cosigning_groups": groups,
            }
        )
    return {
        "sitting": sitting,
        "header": header_of(sitting, council),
        "group": group,
        "rows": rows,
        "generated_at": timezone.localtime(),
        "can_manage_template": is_secretariat(user),
    }


def _list_pdf(context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string("filings/sitting_list_pdf.html", context))


# --- views ------------------------------------------------------------------------------------


def _docx_or_refusal(request: HttpRequest, data: dict[str, Any]) -> bytes | None:
    try:
        return render_docx(data)
    except Exception:  # a replaced template with broken tags must not give a 500
        messages.error(
            request,
            "Le modèle Word des dépôts contient une balise invalide : "
            "corrigez-le ou revenez au modèle d’origine.",
        )
        return None


@access(permissions.can_open_filings)
def filing_docx(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    council, group = _council_and_group()
    content = _docx_or_refusal(
        request, filing_data(filing, filing.latest_version(), council=council, group=group)
    )
    if content is None:
        return redirect(filing.get_absolute_url())
    return _attachment(content, DOCX_TYPE, f"{_file_slug(filing)}.docx")


@access(permissions.can_open_filings)
def filing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    council, group = _council_and_group()
    data = filing_data(filing, filing.latest_version(), council=council, group=group)
    return _attachment(render_pdf(data), "application/pdf", f"{_file_slug(filing)}.pdf")


@access(permissions.can_export_sitting)
def sitting_list(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = _get_sitting_or_404(sitting_pk)
    return render(request, "filings/sitting_list.html", _list_context(sitting, request.user))


@access(permissions.can_export_sitting)
def sitting_list_pdf(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = _get_sitting_or_404(sitting_pk)
    content = _list_pdf(_list_context(sitting, request.user))
    return _attachment(
        content,
        "application/pdf",
        f"depots-{timezone.localtime(sitting.starts_at):%Y-%m-%d}-liste.pdf",
    )


@access(permissions.can_export_sitting)
def sitting_zip(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = _get_sitting_or_404(sitting_pk)
    context = _list_context(sitting, request.user)
    filings = [row["filing"] for row in context["rows"]]
    versions = _latest_versions(filings)
    council, group = _council_and_group()
    out = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("00 Liste numérotée.pdf", _list_pdf(context))
        for filing in filings:
            stem = safe_filename(f"{filing.reference} {filing.title}")
            # Two filings may share a reference and objet prefix: never overwrite an entry.
            while stem in used:
                stem = f"{stem} ({filing.pk})"
            used.add(stem)
            data = filing_data(filing, versions.get(filing.pk), council=council, group=group)
            content = _docx_or_refusal(request, data)
            if content is None:
                return redirect("sittings:sitting_detail", pk=sitting.pk)
            archive.writestr(f"{stem}.docx", content)
            archive.writestr(f"{stem}.pdf", render_pdf(data))
    return _attachment(
        out.getvalue(),
        "application/zip",
        f"depots-{timezone.localtime(sitting.starts_at):%Y-%m-%d}.zip",
    )


@access(is_secretariat)
def template_page(request: HttpRequest) -> HttpResponse:
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            upload_template(content=upload.read(), name=upload.name, acting_user=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, "Nouveau modèle Word des dépôts enregistré.")
            return redirect("filings:template_page")
    return render(
        request,
        "filings/template.html",
        {"form": form, "custom": custom_template_path().exists()},
    )


# access() outside require_POST: a refused persona gets 404 whatever the method.
@access(is_secretariat)
@require_POST
def template_reset(request: HttpRequest) -> HttpResponse:
    reset_template(acting_user=request.user)
    messages.success(request, "Le modèle d’origine est de nouveau utilisé.")
    return redirect("filings:template_page")


@access(is_secretariat)
def template_download(request: HttpRequest) -> HttpResponse:
    return _attachment(template_path().read_bytes(), DOCX_TYPE, "depot.docx")
