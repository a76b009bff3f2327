"""Demo content of the council-work area: instances, rules, séances, rapports, follow-up.

Built directly with the models (bulk where it matters) so that the demo stays quick to
rebuild; dates are fixed so that the demo is the same every time, around a plenary on
17 December 2026 that the group is preparing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from hemicycle.council.models import Body, FilingRule, Organisation, Place, Seat
from hemicycle.demo.council_work_data import (
    COMMISSIONS,
    CP_PLACES,
    CP_SUBJECTS,
    EXPLANATIONS,
    FILING_RULES,
    NOTES,
    PLENARY_REPORTS,
    THEMES,
)
from hemicycle.group.models import Councillor, StaffMember
from hemicycle.positions.models import Brief, BriefVersion, FollowUp, Speech, VoteLine
from hemicycle.sittings import pdf
from hemicycle.sittings.models import (
    Attendance,
    Report,
    ReportDepartment,
    ReportDocument,
    Sitting,
    Theme,
)

PARIS = ZoneInfo("Europe/Paris")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _bodies(term: Any) -> dict[str, Body]:
    bodies = {
        "plenary": Body.objects.create(
            term=term,
            kind=Body.Kind.PLENARY,
            name="Assemblée plénière",
            short_name="Plénière",
            default_place=Place.LILLE,
            quorum_rule=Body.Quorum.PRESENT,
            members_count=170,
            convocation_delay_days=12,
            group_speaking_minutes=25,
            order=1,
        ),
        "cp": Body.objects.create(
            term=term,
            kind=Body.Kind.PERMANENT,
            name="Commission permanente",
            short_name="CP",
            default_place=Place.AMIENS,
            quorum_rule=Body.Quorum.REPRESENTED,
            members_count=56,
            convocation_delay_days=7,
            group_speaking_minutes=10,
            order=2,
        ),
        "conference": Body.objects.create(
            term=term,
            kind=Body.Kind.CONFERENCE,
            name="Conférence des présidents",
            short_name="Conférence",
            default_place=Place.LILLE,
            quorum_rule=Body.Quorum.NONE,
            members_count=6,
            convocation_delay_days=3,
            order=3,
        ),
    }
    for i, (name, short) in enumerate(COMMISSIONS):
        bodies[short] = Body.objects.create(
            term=term,
            kind=Body.Kind.COMMISSION,
            name=f"Commission {name}",
            short_name=short,
            default_place=Place.LILLE if i % 2 == 0 else Place.AMIENS,
            quorum_rule=Body.Quorum.NONE,
            members_count=22,
            convocation_delay_days=5,
            order=10 + i,
        )
    return bodies


def _seats(bodies: dict[str, Body], councillors: list[Councillor], start: dt.date) -> None:
    shorts = [short for _, short in COMMISSIONS]
    seats = []
    for i, councillor in enumerate(councillors):
        seats.append(
            Seat(
                body=bodies[shorts[i % 8]],
                councillor=councillor,
                role=Seat.Role.TITULAIRE,
                starts_on=start,
            )
        )
        seats.append(
            Seat(
                body=bodies[shorts[(i + 3) % 8]],
                councillor=councillor,
                role=Seat.Role.SUPPLEANT,
                starts_on=start,
            )
        )
    cp_members = [c for c in councillors if c.bureau_role][:4]
    seats += [
        Seat(body=bodies["cp"], councillor=c, role=Seat.Role.TITULAIRE, starts_on=start)
        for c in cp_members
    ]
    president = next(c for c in councillors if c.bureau_role == "president")
    seats.append(
        Seat(
            body=bodies["conference"],
            councillor=president,
            role=Seat.Role.TITULAIRE,
            starts_on=start,
        )
    )
    Seat.objects.bulk_create(seats)


def _brief_pdf(report: Report, sitting: Sitting) -> bytes:
    from weasyprint import HTML

    amount = f"{report.amount:,.2f} €".replace(",", " ").replace(".", ",") if report.amount else ""
    html = f"""<html lang="fr"><body>
    <p>Région Hauts-de-France — {sitting.body.name}</p>
    <h1>Rapport n° {report.number}</h1><h2>{report.title}</h2>
    <p>Rapporteur : {report.rapporteur}</p>
    <p>Le présent rapport a pour objet de soumettre à l’approbation de l’assemblée
    « {report.title} ». {("Le montant engagé s’élève à " + amount + ".") if amount else ""}</p>
    <p>Article 1 : d’approuver les dispositions exposées dans le présent rapport.</p>
    <p>Article 2 : d’autoriser le Président du Conseil régional à signer les actes
    correspondants.</p>
    <p>Article 3 : d’imputer les dépenses correspondantes sur les crédits inscrits au budget.</p>
    </body></html>"""
    return HTML(string=html).write_pdf()


def _attach_pdf(report: Report, sitting: Sitting, user: Any) -> None:
    data = _brief_pdf(report, sitting)
    digest = hashlib.sha256(data).hexdigest()
    extracted = pdf.extract_text(data)
    document = ReportDocument(
        report=report,
        title="Projet de délibération",
        version=1,
        original_name=f"rapport-{report.number}.pdf",
        sha256=digest,
        size=len(data),
        pages=extracted.pages,
        text=extracted.text,
        text_status=Report.TextStatus.OK,
        uploaded_by=user,
    )
    document.file.save(f"{digest}.pdf", ContentFile(data), save=False)
    document.save()
    report.text_status = Report.TextStatus.OK
    report.save(update_fields=["text_status"])


def seed(*, term: Any, acting_user: Any) -> None:
    rng = random.Random(2026)  # noqa: S311  (deterministic demo data, not security)
    councillors = list(Councillor.objects.filter(status="active").order_by("pk"))
    staff = list(StaffMember.objects.filter(status="active").order_by("pk"))
    bodies = _bodies(term)
    _seats(bodies, councillors, term.start_date)
    FilingRule.objects.bulk_create(
        FilingRule(
            term=term,
            kind=kind,
            deadline_hours=hours,
            max_per_sitting=maximum,
            min_signatories=signatories,
            max_length=length,
        )
        for kind, hours, maximum, signatories, length in FILING_RULES
    )
    themes = {name: Theme.objects.create(name=name) for name in THEMES}
    organisations: dict[str, Organisation] = {}

    def organisation(name: str) -> Organisation:
        if name not in organisations:
            organisations[name] = Organisation.objects.create(name=name)
        return organisations[name]

    # Past plenaries (one a quarter) and commissions permanentes since the installation.
    past_days = [
        dt.date(y, m, d)
        for y, m, d in [
            (2021, 7, 2),
            (2021, 10, 14),
            (2021, 12, 16),
            (2022, 3, 24),
            (2022, 6, 30),
            (2022, 10, 13),
            (2022, 12, 15),
            (2023, 3, 23),
            (2023, 6, 29),
            (2023, 10, 12),
            (2023, 12, 14),
            (2024, 3, 28),
            (2024, 6, 27),
            (2024, 10, 17),
            (2024, 12, 19),
            (2025, 3, 27),
            (2025, 6, 26),
            (2025, 10, 16),
            (2025, 12, 18),
            (2026, 3, 26),
            (2026, 6, 25),
            (2026, 10, 15),
        ]
    ]
    past_plenaries = []
    for day in past_days:
        plenary = Sitting.objects.create(
            body=bodies["plenary"],
            starts_at=_at(day, 9, 30),
            ends_at=_at(day, 19),
            place=Place.LILLE,
            convocation_date=day - dt.timedelta(days=14),
            status=Sitting.Status.HELD,
        )
        past_plenaries.append(plenary)
        Sitting.objects.create(
            body=bodies["cp"],
            starts_at=_at(day + dt.timedelta(days=1), 10),
            place=Place.AMIENS,
            convocation_date=day - dt.timedelta(days=8),
            status=Sitting.Status.HELD,
        )
    reports: list[Report] = []
    for n, plenary in enumerate(past_plenaries):
        year = timezone_year(plenary)
        for i, (title, commission, amount, _themes, _sections, _b) in enumerate(
            rng.sample(PLENARY_REPORTS, 6)
        ):
            report = Report(
                sitting=plenary,
                number=f"{year}.{n:02d}{i + 1:02d}",
                title=title,
                order=i,
                rapporteur="Commission " + commission,
                amount=amount,
                summary="Rapport examiné en séance.",
                text_status=Report.TextStatus.NONE,
            )
            reports.append(report)
    Report.objects.bulk_create(reports)

    # The coming plenary the group is preparing, its commissions and the CP after it.
    plenary_day = dt.date(2026, 12, 17)
    plenary = Sitting.objects.create(
        body=bodies["plenary"],
        title="Séance plénière — budget primitif 2027",
        starts_at=_at(plenary_day, 9, 30),
        ends_at=_at(plenary_day, 20),
        place=Place.LILLE,
        place_detail="Hôtel de Région, hémicycle",
        convocation_date=dt.date(2026, 12, 3),
        status=Sitting.Status.CONVOKED,
    )
    for i, (_name, short) in enumerate(COMMISSIONS):
        day = dt.date(2026, 12, 7 + (i % 4))
        Sitting.objects.create(
            body=bodies[short],
            starts_at=_at(day, 9 + 2 * (i // 4)),
            place=Place.VISIO if i == 5 else bodies[short].default_place,
            convocation_date=day - dt.timedelta(days=8),
            status=Sitting.Status.CONVOKED,
        )
    Sitting.objects.create(
        body=bodies["conference"],
        starts_at=_at(dt.date(2026, 12, 8), 14),
        place=Place.LILLE,
        convocation_date=dt.date(2026, 12, 1),
        status=Sitting.Status.CONVOKED,
    )
    cp = Sitting.objects.create(
        body=bodies["cp"],
        starts_at=_at(dt.date(2026, 12, 18), 10),
        place=Place.AMIENS,
        # Sent late on purpose: the séance page warns about it.
        convocation_date=dt.date(2026, 12, 14),
        status=Sitting.Status.CONVOKED,
    )
    Sitting.objects.create(
        body=bodies["plenary"],
        starts_at=_at(dt.date(2027, 3, 25), 9, 30),
        place=Place.LILLE,
        status=Sitting.Status.PLANNED,
    )

    coming: list[Report] = []
    for i, (title, commission, amount, theme_names, sections, beneficiaries) in enumerate(
        PLENARY_REPORTS
    ):
        report = Report.objects.create(
            sitting=plenary,
            number=f"2026-{142 + i:04d}",
            title=title,
            order=i,
            rapporteur="Commission " + bodies[commission].name.removeprefix("Commission "),
            amount=amount,
            summary="Le Président du Conseil régional soumet à l’assemblée : " + title + ".",
        )
        report.commissions.add(bodies[commission])
        report.themes.add(*(themes[t] for t in theme_names))
        report.beneficiaries.add(*(organisation(b) for b in beneficiaries))
        ReportDepartment.objects.bulk_create(
            ReportDepartment(report=report, section=s) for s in sections
        )
        coming.append(report)
    for report in coming[:6]:
        _attach_pdf(report, plenary, acting_user)

    cp_reports = []
    for i in range(30):
        subject, commission, theme_names = CP_SUBJECTS[i % len(CP_SUBJECTS)]
        place = CP_PLACES[i % 5]
        cp_reports.append(
            Report(
                sitting=cp,
                number=f"CP-2026-{1200 + i}",
                title=f"{subject} — {place}",
                order=i,
                rapporteur="Commission " + bodies[commission].name.removeprefix("Commission "),
                amount=Decimal(rng.randrange(20, 900) * 1000),
            )
        )
    Report.objects.bulk_create(cp_reports)
    for report in Report.objects.filter(sitting=cp):
        subject = report.title.split(" — ")[0]
        _, commission, theme_names = next(s for s in CP_SUBJECTS if s[0] == subject)
        report.commissions.add(bodies[commission])
        report.themes.add(*(themes[t] for t in theme_names))

    _follow_up(coming, councillors, staff, acting_user, rng)
    _attendance(past_plenaries[-3:], councillors)


def timezone_year(sitting: Sitting) -> int:
    return sitting.starts_at.astimezone(PARIS).year


def _follow_up(
    reports: list[Report],
    councillors: list[Councillor],
    staff: list[StaffMember],
    user: Any,
    rng: random.Random,
) -> None:
    lines = [
        VoteLine.Position.POUR,
        VoteLine.Position.ABSTENTION,
        VoteLine.Position.POUR,
        VoteLine.Position.CONTRE,
        VoteLine.Position.POUR,
        VoteLine.Position.FREE,
        VoteLine.Position.POUR,
        VoteLine.Position.ABSTENTION,
    ]
    for i, report in enumerate(reports):
        # The last rapports are still waiting for someone to take them.
        has_referent = i < len(reports) - 4
        status = (
            FollowUp.Status.LINE_SET
            if i < len(lines)
            else FollowUp.Status.BRIEF_VALIDATED
            if i < 11
            else FollowUp.Status.ANALYSING
            if i < 15
            else FollowUp.Status.TO_ANALYSE
        )
        FollowUp.objects.create(
            report=report,
            referent=councillors[i % len(councillors)] if has_referent else None,
            staff_member=staff[i % len(staff)] if has_referent else None,
            priority=FollowUp.Priority.HIGH
            if report.amount and report.amount > 40_000_000
            else FollowUp.Priority.NORMAL,
            status=status,
        )
        if status == FollowUp.Status.TO_ANALYSE:
            continue
        brief = Brief.objects.create(
            report=report,
            status=Brief.Status.REVIEW
            if status == FollowUp.Status.ANALYSING
            else Brief.Status.VALIDATED,
            validated_by=user if status != FollowUp.Status.ANALYSING else None,
        )
        amount = (
            f"{report.amount:,.0f} €".replace(",", "\u202f") if report.amount else "des crédits"
        )
        text = NOTES[i % len(NOTES)].format(amount=amount)
        BriefVersion.objects.create(brief=brief, number=1, text=text.split("\n\n")[0], author=user)
        BriefVersion.objects.create(brief=brief, number=2, text=text, author=user)
        if i < len(lines):
            position = lines[i]
            VoteLine.objects.create(
                report=report,
                position=position,
                rationale="Décidé en réunion de groupe du 14 décembre 2026.",
                explanation=EXPLANATIONS.get(position, ""),
                decided_on=dt.date(2026, 12, 14),
            )
    speakers = [(0, 0, "8"), (1, 5, "5"), (2, 1, "3"), (3, 7, "4"), (5, 9, "2.5")]
    for report_index, councillor_index, minutes in speakers:
        Speech.objects.create(
            report=reports[report_index],
            councillor=councillors[councillor_index],
            planned_minutes=Decimal(minutes),
            topic="Intervention au nom du groupe",
        )


def _attendance(sittings: list[Sitting], councillors: list[Councillor]) -> None:
    rows = []
    for n, sitting in enumerate(sittings):
        absent, holder = councillors[(n * 3 + 4) % 14], councillors[(n * 3 + 5) % 14]
        for councillor in councillors:
            if councillor == absent:
                rows.append(
                    Attendance(
                        sitting=sitting,
                        councillor=councillor,
                        status=Attendance.Status.REPRESENTED,
                        proxy_holder=holder,
                    )
                )
            elif councillor.pk % 7 == n:
                rows.append(
                    Attendance(
                        sitting=sitting, councillor=councillor, status=Attendance.Status.REMOTE
                    )
                )
            else:
                rows.append(
                    Attendance(
                        sitting=sitting, councillor=councillor, status=Attendance.Status.PRESENT
                    )
                )
    Attendance.objects.bulk_create(rows)
