"""Generated data steps: filings, sous-amendements, authors and versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hemicycle.council.models import FilingKind
from hemicycle.demo.generate.base import (
    ReportRow,
    Unit,
    _at,
)
from hemicycle.demo.generate.texts import (
    FILING_KINDS,
    FILING_STATUSES,
    OUTCOMES,
    PURPOSES,
    SUB_AMENDMENT_PER_MILLE,
    TOWNS,
)
from hemicycle.filings.models import Filing, FilingAuthor, FilingVersion
from hemicycle.sittings.models import Sitting

# --- steps: filings --------------------------------------------------------------------------


def _filing_plan(unit: Unit) -> list[tuple[str, int]]:
    """(kind, how many) for this mandature's filings."""
    total = unit.sizes.scaled(unit.sizes.filings)
    return [(kind, max(1, total * share // 1000)) for kind, share in FILING_KINDS]


def _filings(unit: Unit) -> Iterator[Filing]:
    rng = unit.rng("filings")
    user = unit.shared.user
    plenaries = [s for s in unit.sittings if s.body_id == unit.bodies["plenary"].pk]
    reports_of: dict[int, list[ReportRow]] = {}
    for row in unit.reports:
        reports_of.setdefault(row.sitting_pk, []).append(row)
    sequences: dict[tuple[int | None, str], int] = {}
    for kind, count in _filing_plan(unit):
        for i in range(count):
            sitting: Sitting | None = plenaries[i * len(plenaries) // count]
            report: ReportRow | None = None
            if kind == FilingKind.AMENDEMENT:
                assert sitting is not None
                report = rng.choice(reports_of[sitting.pk])
            elif kind == FilingKind.QUESTION_ECRITE or (
                kind == FilingKind.TRIBUNE and rng.random() < 0.5
            ):
                sitting = None
            sitting_pk = sitting.pk if sitting else None
            key = (sitting_pk, kind)
            sequences[key] = sequences.get(key, 0) + 1
            when = (
                sitting.starts_at
                if sitting
                else _at(
                    unit.start + dt.timedelta(days=rng.randrange((unit.end - unit.start).days)), 12
                )
            )
            status = rng.choice(FILING_STATUSES)
            reached_council = status in (Filing.Status.FILED, Filing.Status.DECIDED)
            decided = status == Filing.Status.DECIDED
            town, _section = rng.choice(TOWNS)
            yield Filing(
                kind=kind,
                sitting=sitting,
                report_id=report.pk if report else None,
                title=(
                    f"Amendement au rapport {report.number} : {rng.choice(PURPOSES)}"
                    if report
                    else f"{FilingKind(kind).label} — {town} : {rng.choice(PURPOSES)}"
                )[:300],
                article=f"Article {rng.randint(1, 6)}" if report else "",
                paragraph=f"alinéa {rng.randint(1, 4)}" if report else "",
                due_at=None if sitting else when,
                sequence=sequences[key],
                status=status,
                registration_number=(
                    f"{when.year}-{kind[:2].upper()}-{sequences[key]:04d}"
                    if reached_council
                    else ""
                ),
                filed_at=when - dt.timedelta(days=4) if reached_council else None,
                validated_at=when - dt.timedelta(days=5) if reached_council else None,
                validated_by=user if reached_council else None,
                outcome=rng.choice(OUTCOMES) if decided else "",
                opinion=rng.choice(Filing.Opinion.values) if decided and report else "",
                decided_on=when.date() if decided else None,
                created_by=user,
            )


def _keep_filings(unit: Unit, rows: list[Filing]) -> None:
    for filing in rows:
        unit.filings.append((filing.pk, filing.kind))
        if filing.kind == FilingKind.AMENDEMENT:
            unit.amendments.append(filing)


def _sub_amendments(unit: Unit) -> Iterator[Filing]:
    """A few sous-amendements, to the group's own amendements (a step of its own: they
    need their parent's primary key)."""
    rng = unit.rng("sub_amendments")
    count = max(1, unit.sizes.scaled(unit.sizes.filings) * SUB_AMENDMENT_PER_MILLE // 1000)
    sequences: dict[int | None, int] = {}
    for parent in rng.sample(unit.amendments, min(count, len(unit.amendments))):
        sequences[parent.sitting_id] = sequences.get(parent.sitting_id, 0) + 1
        yield Filing(
            kind=FilingKind.SOUS_AMENDEMENT,
            sitting_id=parent.sitting_id,
            report_id=parent.report_id,
            parent=parent,
            title=f"Sous-amendement à l’amendement {parent.reference}",
            article=parent.article,
            paragraph=parent.paragraph,
            sequence=sequences[parent.sitting_id],
            status=parent.status,
            outcome=parent.outcome,
            decided_on=parent.decided_on,
            filed_at=parent.filed_at,
            created_by=unit.shared.user,
        )


def _keep_sub_amendments(unit: Unit, rows: list[Filing]) -> None:
    unit.filings.extend((f.pk, f.kind) for f in rows)


def _filing_authors(unit: Unit) -> Iterator[FilingAuthor]:
    rng = unit.rng("filing_authors")
    for pk, _kind in unit.filings:
        signers = rng.sample(unit.councillors, rng.choice((1, 1, 2, 3, 4)))
        for n, councillor in enumerate(signers):
            role = FilingAuthor.Role.AUTHOR if n == 0 else FilingAuthor.Role.COAUTHOR
            yield FilingAuthor(filing_id=pk, councillor=councillor, role=role)


def _filing_versions(unit: Unit) -> Iterator[FilingVersion]:
    rng = unit.rng("filing_versions")
    user = unit.shared.user
    for pk, kind in unit.filings:
        versions = rng.choice((1, 1, 2, 3))
        amends = kind in (FilingKind.AMENDEMENT, FilingKind.SOUS_AMENDEMENT)
        preamble = kind in (FilingKind.VOEU, FilingKind.MOTION, FilingKind.MOTION_URGENCE)
        for number in range(1, versions + 1):
            purpose = rng.choice(PURPOSES)
            yield FilingVersion(
                filing_id=pk,
                number=number,
                original_text="La Région attribue une aide de 50 000 €." if amends else "",
                preamble=f"Considérant la nécessité d’agir {purpose} ;" if preamble else "",
                text=f"La Région s’engage {purpose}, dans un délai d’un an. (version {number})",
                motives=f"Les territoires attendent un effort {purpose}.",
                summary="" if number == 1 else "Précisions après relecture",
                author=user,
            )
