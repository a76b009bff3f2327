"""Generated data steps: séances, rapports, lines, attendance and déports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Model

from hemicycle.council.models import Place
from hemicycle.demo.council_work_data import COMMISSIONS
from hemicycle.demo.generate.base import (
    ReportRow,
    Unit,
    _amount,
    _at,
    _euros,
    _spread,
)
from hemicycle.demo.generate.texts import (
    ACTIONS,
    ATTENDANCE,
    BENEFICIARIES,
    LINES,
    PLENARY_TITLES,
    PROGRAMMES,
    PURPOSES,
    RAPPORTEURS,
    SUMMARY,
    TOWNS,
)
from hemicycle.group.models import Section
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance, Report, ReportDepartment, Sitting
from hemicycle.votes.models import Recusal

# --- steps: séances and rapports -------------------------------------------------------------


def _sittings(unit: Unit) -> Iterator[Sitting]:
    sizes = unit.sizes
    plenary, cp = unit.bodies["plenary"], unit.bodies["cp"]
    for day in _spread(unit, sizes.scaled(sizes.plenaries), 10, 3):
        yield Sitting(
            body=plenary,
            starts_at=_at(day, 9, 30),
            ends_at=_at(day, 19),
            place=Place.LILLE,
            convocation_date=day - dt.timedelta(days=14),
            status=Sitting.Status.HELD,
        )
    for day in _spread(unit, sizes.scaled(sizes.permanent), 24, 1):
        yield Sitting(
            body=cp,
            starts_at=_at(day, 14),
            ends_at=_at(day, 18),
            place=Place.AMIENS,
            convocation_date=day - dt.timedelta(days=8),
            status=Sitting.Status.HELD,
        )
    commissions = [unit.bodies[short] for _, short in COMMISSIONS]
    for i, monday in enumerate(_spread(unit, sizes.scaled(sizes.commission_meetings), 3, 0)):
        body = commissions[i % len(commissions)]
        day = monday + dt.timedelta(days=i % 4)  # Monday to Thursday
        yield Sitting(
            body=body,
            starts_at=_at(day, 10),
            ends_at=_at(day, 12, 30),
            place=body.default_place,
            convocation_date=day - dt.timedelta(days=6),
            status=Sitting.Status.HELD,
        )


def _keep_sittings(unit: Unit, rows: list[Sitting]) -> None:
    unit.sittings.extend(rows)


def _reports(unit: Unit) -> Iterator[Report]:
    rng = unit.rng("reports")
    cp = unit.bodies["cp"].pk
    for index, sitting in enumerate(unit.voting_sittings, start=1):
        year = sitting.starts_at.year
        count = unit.sizes.reports_per_permanent if sitting.body_id == cp else 0
        if not count:
            count = unit.sizes.reports_per_plenary
        for n in range(1, count + 1):
            town, _section = rng.choice(TOWNS)
            beneficiary = rng.choice(BENEFICIARIES).format(town=town)
            purpose = rng.choice(PURPOSES)
            amount = _amount(rng)
            if sitting.body_id != cp and n <= 3:
                title = rng.choice(PLENARY_TITLES).format(
                    year=year, prev=year - 1, next=year + 1, n=rng.randint(1, 3)
                )
            else:
                title = f"{rng.choice(ACTIONS)} {beneficiary} {purpose}"
            yield Report(
                sitting=sitting,
                number=f"{n:03d}",
                title=title[:500],
                order=n,
                rapporteur=rng.choice(RAPPORTEURS),
                amount=amount if rng.random() < 0.8 else None,
                summary=SUMMARY.format(
                    beneficiary=beneficiary,
                    purpose=purpose,
                    amount=_euros(amount),
                    programme=rng.choice(PROGRAMMES),
                ),
                # From the séance's rank, not its pk: the same rows whatever the sequences say.
                deliberation_number=f"{year}.{index:03d}.{n:03d}",
            )


def _keep_reports(unit: Unit, rows: list[Report]) -> None:
    unit.reports.extend(ReportRow(r.pk, r.sitting_id, r.number, r.title) for r in rows)


def _report_commissions(unit: Unit) -> Iterator[Model]:
    rng = unit.rng("report_commissions")
    commissions = [unit.bodies[short] for _, short in COMMISSIONS]
    through = Report.commissions.through
    for report in unit.reports:
        yield through(report_id=report.pk, body_id=rng.choice(commissions).pk)


def _report_themes(unit: Unit) -> Iterator[Model]:
    rng = unit.rng("report_themes")
    through = Report.themes.through
    for report in unit.reports:
        for theme in rng.sample(unit.shared.themes, rng.choice((1, 1, 2))):
            yield through(report_id=report.pk, theme_id=theme.pk)


def _report_departments(unit: Unit) -> Iterator[ReportDepartment]:
    rng = unit.rng("report_departments")
    for report in unit.reports:
        count = rng.choice((1, 1, 1, 2, 5))
        for section in rng.sample(Section.values, count):
            yield ReportDepartment(report_id=report.pk, section=section)


def _vote_lines(unit: Unit) -> Iterator[VoteLine]:
    rng = unit.rng("vote_lines")
    for report in unit.reports:
        if rng.randrange(1000) >= unit.sizes.vote_line_per_mille:
            continue
        position = rng.choice(LINES)
        unit.lines[report.pk] = position
        yield VoteLine(report_id=report.pk, position=position)


def _attendance(unit: Unit) -> Iterator[Attendance]:
    rng = unit.rng("attendance")
    for sitting in unit.voting_sittings:
        statuses = {c.pk: rng.choice(ATTENDANCE) for c in unit.councillors}
        # A proxy goes to a councillor in the room, each holding at most one (CGCT L4132-15).
        holders = [
            pk
            for pk, s in statuses.items()
            if s in (Attendance.Status.PRESENT, Attendance.Status.REMOTE)
        ]
        rng.shuffle(holders)
        rows: dict[int, tuple[str, int | None]] = {}
        for pk, status in statuses.items():
            holder = None
            if status == Attendance.Status.REPRESENTED:
                if holders:
                    holder = holders.pop()
                else:
                    status = Attendance.Status.EXCUSED
            rows[pk] = (status, holder)
            yield Attendance(
                sitting=sitting, councillor_id=pk, status=status, proxy_holder_id=holder
            )
        unit.attendance[sitting.pk] = rows


def _recusals(unit: Unit) -> Iterator[Recusal]:
    rng = unit.rng("recusals")
    for report in unit.reports:
        if rng.randrange(1000) >= unit.sizes.recusal_per_mille:
            continue
        councillor = rng.choice(unit.councillors)
        unit.recusals.add((report.pk, councillor.pk))
        yield Recusal(
            report_id=report.pk,
            councillor=councillor,
            reason=f"siège au conseil d’administration du bénéficiaire du rapport {report.number}",
            recorded_by=unit.shared.user,
        )
