"""One function per OParl object type: a model instance in, a JSON-ready dict out.

Each function reads only public fields. What never leaves: birth dates, professions,
contacts, séance notes, notes d'enjeux, vote lines, comments, drafts (the selectors do not
even load those columns or rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from hemicycle.council.models import Body, CouncilGroup, Place, RosterMember, Seat, Term
from hemicycle.filings.models import Filing
from hemicycle.group.models import Councillor
from hemicycle.opendata.oparl.layout import Layout, type_uri
from hemicycle.sittings.models import Report, ReportDocument, Sitting
from hemicycle.votes.models import VoteEvent

# Where the council sits (public addresses of the Région's two seats).
LOCATIONS: dict[str, dict[str, str]] = {
    Place.LILLE: {
        "description": "Hôtel de Région",
        "streetAddress": "151 avenue du Président Hoover",
        "postalCode": "59000",
        "locality": "Lille",
    },
    Place.AMIENS: {
        "description": "Hôtel de Région",
        "streetAddress": "15 mail Albert Ier",
        "postalCode": "80000",
        "locality": "Amiens",
    },
    Place.VISIO: {"description": "Visioconférence"},
    Place.OTHER: {"description": "Autre lieu"},
}
RESULTS: dict[str, str] = {
    VoteEvent.Result.ADOPTED: "Adopté",
    VoteEvent.Result.REJECTED: "Rejeté",
}
# OParl's own words for an organisation's nature (its specification is German).
GREMIUM = "Gremium"
FRAKTION = "Fraktion"


@dataclass
class Context:
    """What several objects need to know about the others."""

    layout: Layout
    license: str
    # council group pk → our group's council group pk for the same mandature
    own_group_by_term: dict[int, int] = field(default_factory=dict)
    # group councillor pk → the person path (their roster entry, or their own person)
    person_of_councillor: dict[int, str] = field(default_factory=dict)
    published_report_ids: set[int] = field(default_factory=set)
    published_sitting_ids: set[int] = field(default_factory=set)
    published_filing_ids: set[int] = field(default_factory=set)

    def id(self, path: str) -> str:
        return self.layout.url(path)


def stamp(value: dt.datetime | None) -> str | None:
    """RFC 3339 in the council's time zone (what "format: date-time" means)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


def compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: OParl says to leave out what is unknown rather than send null."""
    return {key: value for key, value in obj.items() if value not in (None, "", [], {})}


def _times(instance: Any) -> dict[str, Any]:
    return {"created": stamp(instance.created_at), "modified": stamp(instance.updated_at)}


def legislative_term(term: Term, ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.term(term.pk)),
            "type": type_uri("LegislativeTerm"),
            "body": ctx.id(ctx.layout.body),
            "name": term.name,
            "startDate": day(term.start_date),
            "endDate": day(term.end_date),
            "license": ctx.license,
            **_times(term),
        }
    )


def location(key: str, ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.location(key)),
            "type": type_uri("Location"),
            **LOCATIONS.get(key, {"description": key}),
            "bodies": [ctx.id(ctx.layout.body)],
            "license": ctx.license,
        }
    )


def instance_organization(body: Body, memberships: list[str], ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.instance(body.pk)),
            "type": type_uri("Organization"),
            "body": ctx.id(ctx.layout.body),
            "name": body.name,
            "shortName": body.short_name,
            "organizationType": GREMIUM,
            "classification": body.get_kind_display(),
            "membership": memberships,
            "startDate": day(body.term.start_date),
            "endDate": day(body.term.end_date) if body.is_archived else None,
            "memberCount": body.members_count,
            "location": location(body.default_place, ctx),
            "license": ctx.license,
            **_times(body),
        }
    )


def group_organization(group: CouncilGroup, memberships: list[str], ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.council_group(group.pk)),
            "type": type_uri("Organization"),
            "body": ctx.id(ctx.layout.body),
            "name": group.name,
            "shortName": group.short_name,
            "organizationType": FRAKTION,
            "classification": f"Groupe politique ({group.get_side_display().lower()})",
            "membership": memberships,
            "startDate": day(group.term.start_date),
            "endDate": day(group.term.end_date) if group.is_archived else None,
            "memberCount": group.seats,
            "license": ctx.license,
            **_times(group),
        }
    )


def _membership(path: str, ctx: Context, **values: Any) -> dict[str, Any]:
    return compact(
        {"id": ctx.id(path), "type": type_uri("Membership"), **values, "license": ctx.license}
    )


def roster_group_membership(member: RosterMember, ctx: Context) -> dict[str, Any]:
    return _membership(
        ctx.layout.group_membership(member.pk),
        ctx,
        person=ctx.id(ctx.layout.roster_person(member.pk)),
        organization=ctx.id(ctx.layout.council_group(member.council_group_id)),  # type: ignore[arg-type]
        role="Membre",
        votingRight=True,
        startDate=day(max(member.mandate_start, member.term.start_date)),
        endDate=day(member.left_on),
        created=stamp(member.created_at),
        modified=stamp(member.updated_at),
    )


def own_group_membership(councillor: Councillor, own_group_pk: int, ctx: Context) -> dict[str, Any]:
    """A councillor of ours with no roster entry: their membership of our group."""
    return _membership(
        ctx.layout.own_membership(councillor.pk),
        ctx,
        person=ctx.id(ctx.layout.group_person(councillor.pk)),
        organization=ctx.id(ctx.layout.council_group(own_group_pk)),
        role=councillor.get_affiliation_display(),
        votingRight=True,
        startDate=day(councillor.mandate_start),
        endDate=day(councillor.left_on or councillor.mandate_end),
        created=stamp(councillor.created_at),
        modified=stamp(councillor.updated_at),
    )


def seat_membership(seat: Seat, ctx: Context) -> dict[str, Any]:
    """A seat of one of our councillors in an instance, held on behalf of our group."""
    own = ctx.own_group_by_term.get(seat.body.term_id)
    return _membership(
        ctx.layout.seat_membership(seat.pk),
        ctx,
        person=ctx.id(ctx.person_of_councillor[seat.councillor_id]),
        organization=ctx.id(ctx.layout.instance(seat.body_id)),
        role=seat.get_role_display(),
        votingRight=seat.role == Seat.Role.TITULAIRE,
        startDate=day(seat.starts_on),
        endDate=day(seat.ends_on),
        onBehalfOf=ctx.id(ctx.layout.council_group(own)) if own else None,
        created=stamp(seat.created_at),
        modified=stamp(seat.updated_at),
    )


def roster_person(
    member: RosterMember, memberships: list[dict[str, Any]], ctx: Context
) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.roster_person(member.pk)),
            "type": type_uri("Person"),
            "body": ctx.id(ctx.layout.body),
            "name": f"{member.first_name} {member.last_name}",
            "familyName": member.last_name,
            "givenName": member.first_name,
            "formOfAddress": "Madame" if member.sex == RosterMember.Sex.F else "Monsieur",
            "gender": "female" if member.sex == RosterMember.Sex.F else "male",
            "status": [f"Conseiller·ère régional·e — {member.get_status_display().lower()}"],
            "membership": memberships,
            "license": ctx.license,
            **_times(member),
        }
    )


def group_person(
    councillor: Councillor, memberships: list[dict[str, Any]], ctx: Context
) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.group_person(councillor.pk)),
            "type": type_uri("Person"),
            "body": ctx.id(ctx.layout.body),
            "name": f"{councillor.first_name} {councillor.last_name}",
            "familyName": councillor.last_name,
            "givenName": councillor.first_name,
            "formOfAddress": "Madame" if councillor.civility == "Mme" else "Monsieur",
            "status": [f"Conseiller·ère régional·e — {councillor.get_status_display().lower()}"],
            "membership": memberships,
            "license": ctx.license,
            **_times(councillor),
        }
    )


def file(document: ReportDocument, paper_path: str, ctx: Context) -> dict[str, Any]:
    content = ctx.id(ctx.layout.file_content(document.pk, document.original_name))
    return compact(
        {
            "id": ctx.id(ctx.layout.file(document.pk)),
            "type": type_uri("File"),
            "name": f"{document.title} (version {document.version})",
            "fileName": content.rsplit("/", 1)[-1],
            "mimeType": "application/pdf",
            "date": day(document.created_at),
            "size": document.size or None,
            "accessUrl": content,
            "downloadUrl": content,
            "paper": [ctx.id(paper_path)],
            "license": ctx.license,
            **_times(document),
        }
    )


def agenda_item(report: Report, order: int, ctx: Context, vote: VoteEvent | None) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.agenda_item(report.pk)),
            "type": type_uri("AgendaItem"),
            "meeting": ctx.id(ctx.layout.meeting(report.sitting_id)),
            "number": report.number,
            "order": order,
            "name": report.title,
            "public": True,
            "consultation": ctx.id(ctx.layout.report_consultation(report.pk)),
            "result": RESULTS.get(vote.result) if vote else None,
            "keyword": [theme.name for theme in report.themes.all()],
            "license": ctx.license,
            **_times(report),
        }
    )


def meeting(sitting: Sitting, items: list[dict[str, Any]], ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.meeting(sitting.pk)),
            "type": type_uri("Meeting"),
            "name": str(sitting),
            "meetingState": sitting.get_status_display(),
            "cancelled": sitting.status == Sitting.Status.CANCELLED,
            "start": stamp(sitting.starts_at),
            "end": stamp(sitting.ends_at),
            "location": location(sitting.place, ctx),
            "organization": [ctx.id(ctx.layout.instance(sitting.body_id))],
            "agendaItem": items,
            "license": ctx.license,
            **_times(sitting),
        }
    )


def report_consultation(report: Report, ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.report_consultation(report.pk)),
            "type": type_uri("Consultation"),
            "paper": ctx.id(ctx.layout.report_paper(report.pk)),
            "agendaItem": ctx.id(ctx.layout.agenda_item(report.pk)),
            "meeting": ctx.id(ctx.layout.meeting(report.sitting_id)),
            "organization": [ctx.id(ctx.layout.instance(report.sitting.body_id))],
            "authoritative": True,
            "role": "Délibération",
            "license": ctx.license,
        }
    )


def report_paper(report: Report, files: list[dict[str, Any]], ctx: Context) -> dict[str, Any]:
    return compact(
        {
            "id": ctx.id(ctx.layout.report_paper(report.pk)),
            "type": type_uri("Paper"),
            "body": ctx.id(ctx.layout.body),
            "name": report.title,
            "reference": report.deliberation_number or report.number,
            "date": day(report.sitting.starts_at),
            "paperType": "Rapport",
            "mainFile": files[0] if files else None,
            "auxiliaryFile": files[1:],
            "consultation": [report_consultation(report, ctx)],
            "keyword": [theme.name for theme in report.themes.all()],
            "license": ctx.license,
            **_times(report),
        }
    )


def filing_consultation(filing: Filing, ctx: Context) -> dict[str, Any] | None:
    if filing.sitting_id not in ctx.published_sitting_ids:
        return None
    on_agenda = filing.report_id in ctx.published_report_ids
    return compact(
        {
            "id": ctx.id(ctx.layout.filing_consultation(filing.pk)),
            "type": type_uri("Consultation"),
            "paper": ctx.id(ctx.layout.filing_paper(filing.pk)),
            "agendaItem": ctx.id(ctx.layout.agenda_item(filing.report_id))  # type: ignore[arg-type]
            if on_agenda
            else None,
            "meeting": ctx.id(ctx.layout.meeting(filing.sitting_id)),
            "organization": [ctx.id(ctx.layout.instance(filing.sitting.body_id))],  # type: ignore[union-attr]
            "authoritative": False,
            "role": filing.get_kind_display(),
            "license": ctx.license,
        }
    )


def filing_paper(
    filing: Filing, authors: list[str], own_group: str | None, ctx: Context
) -> dict[str, Any]:
    consultation = filing_consultation(filing, ctx)
    report_published = filing.report_id in ctx.published_report_ids
    return compact(
        {
            "id": ctx.id(ctx.layout.filing_paper(filing.pk)),
            "type": type_uri("Paper"),
            "body": ctx.id(ctx.layout.body),
            "name": filing.title,
            "reference": filing.registration_number or filing.reference,
            "date": day(filing.filed_at or filing.decided_on),
            "paperType": filing.get_kind_display(),
            "superordinatedPaper": [ctx.id(ctx.layout.report_paper(filing.report_id))]  # type: ignore[arg-type]
            if report_published
            else [],
            "relatedPaper": [ctx.id(ctx.layout.filing_paper(filing.parent_id))]
            if filing.parent_id in ctx.published_filing_ids
            else [],
            "originatorPerson": authors,
            "originatorOrganization": [own_group] if own_group else [],
            "consultation": [consultation] if consultation else [],
            # OParl has no field for an amendment's fate: a vendor-prefixed one, as it allows.
            "hemicycle:sort": filing.get_outcome_display() if filing.outcome else None,
            "license": ctx.license,
            **_times(filing),
        }
    )
