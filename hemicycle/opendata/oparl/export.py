"""Assemble the OParl tree (objects and paginated external lists) and write it out.

`build_tree()` returns every JSON file of the export by path, plus the documents to copy;
`write_tree()` writes them into a folder atomically (a sibling temporary folder renamed
over the target) and `zip_bytes()` packs them for the download button.
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from hemicycle.council.models import Place
from hemicycle.opendata import selectors
from hemicycle.opendata.models import OpenDataSettings
from hemicycle.opendata.oparl import objects, schemas
from hemicycle.opendata.oparl.layout import PAGE_SIZE, Layout, base_url, type_uri
from hemicycle.sittings.models import ReportDocument

LIST_KINDS = (
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaItem",
    "paper",
    "file",
    "locationList",
    "legislativeTermList",
)


class ExportInvalid(Exception):
    """An object failed its schema: nothing is written."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors[:5]))


@dataclass
class Tree:
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    # path in the tree → the document whose file is copied there
    contents: dict[str, ReportDocument] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def errors(self) -> list[str]:
        """Schema errors of every file; an object met again in a list is checked once."""
        found = []
        seen: set[int] = set()
        for path, document in sorted(self.documents.items(), key=lambda i: "data" in i[1]):
            if "data" in document and "type" not in document:
                # Items are the very dicts of the object files already checked.
                unseen = [item for item in document["data"] if id(item) not in seen]
                document = {**document, "data": unseen}
            else:
                seen.add(id(document))
            found += [f"{path} : {message}" for message in schemas.errors_of(document)]
        return found


def _external_lists(tree: Tree, layout: Layout, kind: str, items: list[dict[str, Any]]) -> None:
    """One external list, cut into pages (an empty list is one empty page)."""
    pages = max(1, math.ceil(len(items) / PAGE_SIZE))

    def url(page: int) -> str:
        return layout.url(layout.body_list_path(kind, page))

    for page in range(1, pages + 1):
        links = {"first": url(1), "last": url(pages), "self": url(page)}
        if page > 1:
            links["prev"] = url(page - 1)
        if page < pages:
            links["next"] = url(page + 1)
        tree.documents[layout.body_list_path(kind, page)] = {
            "data": items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            "pagination": {
                "totalElements": len(items),
                "elementsPerPage": PAGE_SIZE,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }
    tree.counts[kind] = len(items)


def _add(tree: Tree, layout: Layout, obj: dict[str, Any]) -> dict[str, Any]:
    path = obj["id"][len(layout.base) + 1 :]
    tree.documents[path] = obj
    return obj


def _people(
    ctx: objects.Context, opendata: OpenDataSettings
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(organizations, persons, memberships)."""
    layout = ctx.layout
    groups = list(selectors.council_groups())
    own_by_term = {g.term_id: g.pk for g in groups if g.own_group_id}
    ctx.own_group_by_term = own_by_term
    bodies = list(selectors.bodies())
    if not opendata.publish_people:
        # The instances and the council's groups are public bodies: listed, without members.
        organizations = [objects.instance_organization(b, [], ctx) for b in bodies] + [
            objects.group_organization(g, [], ctx) for g in groups
        ]
        return organizations, [], []
    roster = list(selectors.roster())
    councillors = list(selectors.group_councillors())
    seats = list(selectors.seats())
    for member in roster:
        if member.group_councillor_id:
            ctx.person_of_councillor[member.group_councillor_id] = layout.roster_person(member.pk)
    own_term = max(own_by_term, default=None)  # our group in the latest mandature
    by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_organization: dict[str, list[str]] = defaultdict(list)

    def keep(membership: dict[str, Any]) -> None:
        by_person[membership["person"]].append(membership)
        by_organization[membership["organization"]].append(membership["id"])

    for member in roster:
        if member.council_group_id:
            keep(objects.roster_group_membership(member, ctx))
    lone = [c for c in councillors if c.pk not in ctx.person_of_councillor]
    for councillor in lone:
        ctx.person_of_councillor[councillor.pk] = layout.group_person(councillor.pk)
        if own_term is not None:
            keep(objects.own_group_membership(councillor, own_by_term[own_term], ctx))
    for seat in seats:
        keep(objects.seat_membership(seat, ctx))
    organizations = [
        objects.instance_organization(b, by_organization[ctx.id(layout.instance(b.pk))], ctx)
        for b in bodies
    ] + [
        objects.group_organization(g, by_organization[ctx.id(layout.council_group(g.pk))], ctx)
        for g in groups
    ]
    persons = [
        objects.roster_person(m, by_person[ctx.id(layout.roster_person(m.pk))], ctx) for m in roster
    ] + [objects.group_person(c, by_person[ctx.id(layout.group_person(c.pk))], ctx) for c in lone]
    memberships = [m for person in persons for m in person.get("membership", [])]
    return organizations, persons, memberships


def build_tree(opendata: OpenDataSettings | None = None) -> Tree:
    """Every file of the export; a fixed number of queries whatever the volume."""
    opendata = opendata or selectors.current_settings()
    layout = Layout(base_url(opendata))
    ctx = objects.Context(layout=layout, license=opendata.license_url)
    tree = Tree()
    terms = [objects.legislative_term(t, ctx) for t in selectors.terms()]
    organizations, persons, memberships = _people(ctx, opendata)

    meetings: list[dict[str, Any]] = []
    agenda: list[dict[str, Any]] = []
    papers: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    if opendata.publish_sittings:
        sittings = list(selectors.published_sittings())
        reports = list(selectors.published_reports())
        ctx.published_sitting_ids = {s.pk for s in sittings}
        ctx.published_report_ids = {r.pk for r in reports}
        items_by_sitting: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for report in reports:
            position = len(items_by_sitting[report.sitting_id]) + 1
            item = objects.agenda_item(report, position, ctx, selectors.report_vote(report))
            items_by_sitting[report.sitting_id].append(item)
            paper_path = layout.report_paper(report.pk)
            report_files = []
            if opendata.publish_documents:
                for document in selectors.latest_documents(report):
                    if not document.file:
                        continue
                    report_files.append(objects.file(document, paper_path, ctx))
                    tree.contents[layout.file_content(document.pk, document.original_name)] = (
                        document
                    )
            files += report_files
            papers.append(objects.report_paper(report, report_files, ctx))
        for sitting in sittings:
            meetings.append(objects.meeting(sitting, items_by_sitting[sitting.pk], ctx))
            agenda += items_by_sitting[sitting.pk]
    if opendata.publish_filings:
        filings = list(selectors.published_filings())
        ctx.published_filing_ids = {f.pk for f in filings}
        own_by_term = ctx.own_group_by_term
        own = ctx.id(layout.council_group(own_by_term[max(own_by_term)])) if own_by_term else None
        for filing in filings:
            authors = []
            if opendata.publish_people:
                authors = [
                    ctx.id(ctx.person_of_councillor[a.councillor_id])
                    for a in filing.authorships.all()
                    if a.councillor_id in ctx.person_of_councillor
                ] + [
                    ctx.id(layout.roster_person(c.signer_id))
                    for c in filing.active_cosignatures  # type: ignore[attr-defined]
                ]
            papers.append(objects.filing_paper(filing, authors, own, ctx))
    # Every place an instance or a séance points to, once.
    seat = objects.location(Place.LILLE, ctx)
    embedded = {
        obj["location"]["id"]: obj["location"]
        for obj in organizations + meetings
        if "location" in obj
    }
    embedded[seat["id"]] = seat
    locations = [embedded[key] for key in sorted(embedded)]

    for group in (terms, organizations, persons, memberships, meetings, agenda, papers, files):
        for obj in group:
            _add(tree, layout, obj)
    for locatable in locations:
        _add(tree, layout, locatable)
    for paper in papers:
        for consultation in paper.get("consultation", []):
            _add(tree, layout, consultation)

    now = timezone.now()
    body = objects.compact(
        {
            "id": layout.url(layout.body),
            "type": type_uri("Body"),
            "system": layout.url(layout.system),
            "shortName": "Région",
            "name": opendata.collectivity_name,
            "license": opendata.license_url,
            "contactEmail": opendata.contact_email,
            "classification": "Conseil régional",
            "legislativeTerm": terms,
            "location": seat,
            **{kind: layout.url(layout.body_list_path(kind)) for kind in LIST_KINDS},
            "modified": objects.stamp(now),
        }
    )
    body["legislativeTerm"] = terms  # required, even empty
    tree.documents[layout.body] = body
    tree.documents[layout.system] = objects.compact(
        {
            "id": layout.url(layout.system),
            "type": type_uri("System"),
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "license": opendata.license_url,
            "body": layout.url(layout.body_list),
            "name": f"Hémicycle — {opendata.collectivity_name}",
            "contactEmail": opendata.contact_email,
            "modified": objects.stamp(now),
        }
    )
    tree.documents[layout.body_list] = {
        "data": [body],
        "pagination": {
            "totalElements": 1,
            "elementsPerPage": PAGE_SIZE,
            "currentPage": 1,
            "totalPages": 1,
        },
        "links": {key: layout.url(layout.body_list) for key in ("first", "last", "self")},
    }
    lists = {
        "organization": organizations,
        "person": persons,
        "membership": memberships,
        "meeting": meetings,
        "agendaItem": agenda,
        "paper": papers,
        "file": files,
        "locationList": locations,
        "legislativeTermList": terms,
    }
    for kind in LIST_KINDS:
        _external_lists(tree, layout, kind, lists[kind])
    return tree


def _dump(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def validated(tree: Tree) -> Tree:
    errors = tree.errors()
    if errors:
        raise ExportInvalid(errors)
    return tree


class TargetRefused(Exception):
    """The target folder holds something else than a previous export: left alone."""


def write_tree(tree: Tree, target: Path) -> None:
    """Write the tree into `target` (created or replaced as a whole, never half-written).

    An existing folder is replaced only if it is empty or a previous export (it has a
    system.json): a mistyped path must not wipe someone's documents.
    """
    target = target.absolute()
    if target.exists() and not target.is_dir():
        raise TargetRefused(f"« {target} » est un fichier, pas un dossier")
    if target.is_dir() and any(target.iterdir()) and not (target / "system.json").is_file():
        raise TargetRefused(
            f"« {target} » contient déjà des fichiers qui ne sont pas un export OParl"
        )
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for path, document in tree.documents.items():
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(_dump(document))
        for path, content in tree.contents.items():
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            with content.file.open("rb") as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
        previous = None
        if target.exists():
            previous = target.with_name(f".{target.name}.ancien")
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(target, previous)
        os.replace(staging, target)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def zip_bytes(tree: Tree) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(tree.documents):
            archive.writestr(f"oparl/{path}", _dump(tree.documents[path]))
        for path, content in sorted(tree.contents.items()):
            with content.file.open("rb") as source:
                archive.writestr(f"oparl/{path}", source.read())
    return buffer.getvalue()
