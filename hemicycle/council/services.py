"""Every write to the council's reference data: RNE imports, roster links, council groups."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.core.services import update_versioned
from hemicycle.council import rne, selectors
from hemicycle.council.models import CouncilGroup, RosterImport, RosterMember, Term
from hemicycle.council.permissions import (
    can_edit_council_groups,
    can_edit_roster_member,
    can_import_roster,
)
from hemicycle.group.models import Councillor, Section

# The columns the RNE owns: an import overwrites them, the edit form never shows them.
RNE_FIELDS = (
    "last_name",
    "first_name",
    "sex",
    "birth_date",
    "section",
    "profession_code",
    "profession",
    "mandate_start",
    "function",
    "function_start",
)
_WRITTEN_FIELDS = [
    *RNE_FIELDS,
    "status",
    "left_on",
    "council_group",
    "group_councillor",
    "version",
    "updated_at",
]
_BATCH = 100
_LABELS = {f.name: str(f.verbose_name) for f in RosterMember._meta.fields}


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do); stored as RosterImport.summary."""

    file_name: str
    sha256: str
    region: str
    rows: int
    dry_run: bool
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[dict[str, Any]] = field(default_factory=list)
    left: list[dict[str, Any]] = field(default_factory=list)
    reactivated: list[dict[str, Any]] = field(default_factory=list)
    linked: list[dict[str, Any]] = field(default_factory=list)
    import_id: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {
            kind: len(getattr(self, kind))
            for kind in ("created", "updated", "unchanged", "left", "reactivated", "linked")
        }

    @property
    def has_changes(self) -> bool:
        counts = self.counts
        return any(n for kind, n in counts.items() if kind != "unchanged")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "counts": self.counts}


def _display(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _entry(member: RosterMember, **extra: Any) -> dict[str, Any]:
    return {
        "key": member.match_key,
        "pk": member.pk,
        "name": str(member),
        "section": member.section,
        "section_name": member.get_section_display(),
        "function": member.function,
        **extra,
    }


def _apply_row(member: RosterMember, row: rne.RneRow) -> list[dict[str, str]]:
    """Copy the row's RNE fields onto the member; the list of what differed."""
    changes = []
    for name in RNE_FIELDS:
        old, new = getattr(member, name), getattr(row, name)
        if old != new:
            changes.append(
                {
                    "field": name,
                    "label": _LABELS[name],
                    "old": _display(old),
                    "new": _display(new),
                }
            )
            setattr(member, name, new)
    return changes


def _auto_link(
    *, term: Term, members: list[RosterMember], summary: ImportSummary
) -> list[RosterMember]:
    """Link roster entries to the group's councillors when the names leave no doubt.

    A link is made only when exactly one active, unlinked councillor and exactly one active,
    unlinked roster entry share the normalised names: a homonym is left for a person to
    decide in the edit form.
    """
    councillors: dict[str, list[Councillor]] = defaultdict(list)
    for councillor in Councillor.objects.filter(
        status=Councillor.Status.ACTIVE, roster_entry__isnull=True
    ):
        councillors[rne.name_key(councillor.last_name, councillor.first_name)].append(councillor)
    if not councillors:
        return []
    candidates: dict[str, list[RosterMember]] = defaultdict(list)
    for member in members:
        if member.status == RosterMember.Status.ACTIVE and member.group_councillor_id is None:
            candidates[rne.name_key(member.last_name, member.first_name)].append(member)
    own = selectors.own_council_group(term=term)
    linked = []
    for key, found in councillors.items():
        matches = candidates.get(key, [])
        if len(found) != 1 or len(matches) != 1:
            continue
        member = matches[0]
        member.group_councillor = found[0]
        if member.council_group_id is None and own is not None:
            member.council_group = own
        linked.append(member)
        summary.linked.append(_entry(member, councillor=str(found[0])))
    return linked


def _validate(members: list[RosterMember], lines: dict[int, int]) -> None:
    """Model validation of every row before anything is written, as RNE issues."""
    issues: list[rne.RneIssue] = []
    for member in members:
        try:
            # The foreign keys were set here from rows already fetched, and the parser has
            # refused duplicates: skipping those checks keeps the import at a fixed number
            # of queries.
            member.full_clean(
                exclude=["term", "council_group", "group_councillor"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = rne.LABELS.get(name, name)
                issues.extend(
                    rne.RneIssue(lines.get(id(member), 0), label, message) for message in messages
                )
    if issues:
        raise rne.RneError(issues)


def _audit_changes(summary: ImportSummary) -> dict[str, Any]:
    def names(entries: list[dict[str, Any]]) -> str:
        return f"{len(entries)}" + (
            " : " + ", ".join(e["name"] for e in entries) if entries else ""
        )

    return {
        "created": [None, names(summary.created)],
        "updated": [None, names(summary.updated)],
        "left": [None, names(summary.left)],
        "reactivated": [None, names(summary.reactivated)],
        "linked": [None, names(summary.linked)],
        "unchanged": [None, str(len(summary.unchanged))],
    }


@transaction.atomic
def import_roster(
    *,
    term: Term,
    file_name: str,
    content: bytes,
    acting_user: Any,
    region: str = "32",
    dry_run: bool = False,
) -> ImportSummary:
    """Reconcile the roster of `term` with an RNE file; all or nothing.

    People are recognised by their match key: the same person is updated in place, a
    newcomer created, an active member absent from the file marked as left today, a member
    who had left and reappears reactivated. Raises rne.RneError when any row is bad, in
    which case nothing is written. `dry_run` computes the same summary and writes nothing.
    A missing `acting_user` is the system (management command).
    """
    ensure(acting_user is None or can_import_roster(acting_user))
    if rne.normalise_code(region) != rne.normalise_code(term.region_code):
        raise rne.RneError(
            [
                rne.RneIssue(
                    0,
                    rne.LABELS["region_code"],
                    f"« {term} » concerne la région {term.region_code} : "
                    f"le registre ne peut pas recevoir les élu·es de la région {region}.",
                )
            ]
        )
    rows = rne.parse(content, file_name, region=region, sections=Section.values)
    summary = ImportSummary(
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        region=rne.normalise_code(region),
        rows=len(rows),
        dry_run=dry_run,
    )
    roster = RosterMember.objects.filter(term=term)
    if not dry_run:
        # The import rewrites whole rows: an edit saved meanwhile must wait, not be lost.
        roster = roster.select_for_update()
    existing = {m.match_key: m for m in roster}
    lines: dict[int, int] = {}
    to_create: list[RosterMember] = []
    to_update: dict[int, RosterMember] = {}

    for row in rows:
        member = existing.get(row.match_key)
        if member is None:
            member = RosterMember(term=term, match_key=row.match_key)
            _apply_row(member, row)
            to_create.append(member)
            summary.created.append(_entry(member))
        else:
            changes = _apply_row(member, row)
            if member.status == RosterMember.Status.LEFT:
                member.status, member.left_on = RosterMember.Status.ACTIVE, None
                summary.reactivated.append(_entry(member, changes=changes))
            elif changes:
                summary.updated.append(_entry(member, changes=changes))
            else:
                # Only counted and listed by name: kept small in the stored summary.
                summary.unchanged.append({"key": member.match_key, "name": str(member)})
                continue
            to_update[member.pk] = member
        lines[id(member)] = row.line

    in_file = {row.match_key for row in rows}
    today = timezone.localdate()
    for key, member in existing.items():
        if key not in in_file and member.status == RosterMember.Status.ACTIVE:
            member.status, member.left_on = RosterMember.Status.LEFT, today
            to_update[member.pk] = member
            summary.left.append(_entry(member, left_on=_display(today)))

    everyone = [*existing.values(), *to_create]
    for member in _auto_link(term=term, members=everyone, summary=summary):
        if member.pk is not None:
            to_update[member.pk] = member
    _validate([*to_create, *to_update.values()], lines)
    if dry_run:
        return summary

    now = timezone.now()
    for member in to_update.values():
        member.version += 1
        member.updated_at = now
    RosterMember.objects.bulk_create(to_create, batch_size=_BATCH)
    RosterMember.objects.bulk_update(list(to_update.values()), _WRITTEN_FIELDS, batch_size=_BATCH)
    # The primary keys of new rows exist only now: the stored summary links to them.
    by_key = {m.match_key: m.pk for m in to_create}
    for entry in [*summary.created, *summary.linked]:
        entry["pk"] = entry["pk"] or by_key.get(entry["key"])

    roster_import = RosterImport(
        term=term,
        file_name=file_name[:255],
        sha256=summary.sha256,
        imported_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    roster_import.summary = summary.as_dict()
    roster_import.full_clean(exclude=["term", "imported_by"])
    roster_import.save()
    summary.import_id = roster_import.pk
    audit.record(
        actor=acting_user,
        action="council.roster_imported",
        target=roster_import,
        changes=_audit_changes(summary),
    )
    return summary


@transaction.atomic
def update_roster_member(
    *, member: RosterMember, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> RosterMember:
    """Change what the group decides about a councillor: their council group, their link."""
    ensure(can_edit_roster_member(acting_user))
    allowed = {"council_group", "group_councillor"}
    return update_versioned(
        member,
        data={k: v for k, v in data.items() if k in allowed},
        expected_version=expected_version,
        acting_user=acting_user,
        action="council.member_updated",
    )


@transaction.atomic
def assign_council_groups(
    *, term: Term, assignments: dict[int, int | None], acting_user: Any
) -> int:
    """Set many members' council groups at once (the demo, a new mandature); one audit row."""
    ensure(acting_user is None or can_edit_council_groups(acting_user))
    members = list(RosterMember.objects.filter(term=term, pk__in=assignments))
    groups = {g.pk: g for g in CouncilGroup.objects.filter(term=term)}
    changed = []
    now = timezone.now()
    for member in members:
        group_id = assignments[member.pk]
        if group_id is not None and group_id not in groups:
            raise ValidationError({"council_group": "Ce groupe n’appartient pas à la mandature."})
        if member.council_group_id != group_id:
            member.council_group_id = group_id
            member.version += 1
            member.updated_at = now
            changed.append(member)
    RosterMember.objects.bulk_update(
        changed, ["council_group", "version", "updated_at"], batch_size=_BATCH
    )
    counts: dict[str, int] = defaultdict(int)
    for member in changed:
        group = groups.get(member.council_group_id)  # type: ignore[arg-type]
        counts[group.short_name if group else "non-inscrit·es"] += 1
    audit.record(
        actor=acting_user,
        action="council.groups_assigned",
        target=term,
        changes={label: [None, n] for label, n in sorted(counts.items())},
    )
    return len(changed)


def _check_group_name(*, term: Term, name: str, exclude_pk: int | None) -> None:
    same = CouncilGroup.objects.filter(term=term, name__iexact=name.strip())
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": "Un groupe porte déjà ce nom dans cette mandature."})


_GROUP_FIELDS = (
    "name",
    "short_name",
    "side",
    "seats",
    "colour",
    "president_name",
    "own_group",
    "is_archived",
)


@transaction.atomic
def create_council_group(*, term: Term, data: dict[str, Any], acting_user: Any) -> CouncilGroup:
    ensure(can_edit_council_groups(acting_user))
    _check_group_name(term=term, name=data.get("name", ""), exclude_pk=None)
    group = CouncilGroup(term=term, **{k: v for k, v in data.items() if k in _GROUP_FIELDS})
    group.full_clean()
    group.save()
    audit.record(
        actor=acting_user,
        action="council.group_created",
        target=group,
        changes=audit.diff({}, audit.snapshot(group, _GROUP_FIELDS)),
    )
    return group


@transaction.atomic
def update_council_group(
    *, group: CouncilGroup, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> CouncilGroup:
    """Edit a council group; archiving replaces deletion, members keep their history."""
    ensure(can_edit_council_groups(acting_user))
    if "name" in data:
        _check_group_name(term=group.term, name=data["name"], exclude_pk=group.pk)
    return update_versioned(
        group,
        data={k: v for k, v in data.items() if k in _GROUP_FIELDS},
        expected_version=expected_version,
        acting_user=acting_user,
        action="council.group_updated",
    )
