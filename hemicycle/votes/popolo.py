"""The group's votes as a Popolo document (https://www.popoloproject.com/specs/).

One JSON document with four lists, each object valid against the Popolo JSON schemas:

- `organizations`: the council, its groups (ours included) and the parties of our
  councillors;
- `persons`: our group's councillors (names and memberships only: no e-mail or phone,
  because the document is meant to be published);
- `motions`: one per scrutin (what was put to the vote);
- `vote_events`: one per scrutin with a recorded result or recorded votes, with the
  council's `counts` (totals per option first, without `group_id`, then the same per
  group, with `group_id`), `group_results` and our councillors' `votes`.

Ids are deterministic (`hemicycle:vote_event:12`), so two exports of the same database
are identical and a consumer can follow an object from one export to the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from hemicycle.council.models import CouncilGroup, Term
from hemicycle.group.models import Councillor, Group, Party
from hemicycle.votes.models import GroupResult, Option, Vote, VoteEvent

PREFIX = "hemicycle"
COUNCIL_ID = f"{PREFIX}:organization:council"
REQUIREMENT = "majorité des suffrages exprimés"
# Popolo's usual option values (the ones its documentation and most consumers use).
POPOLO_OPTIONS: dict[str, str] = {
    Option.POUR: "yes",
    Option.CONTRE: "no",
    Option.ABSTENTION: "abstain",
    Option.NPPV: "not voting",
}
RESULTS: dict[str, str] = {VoteEvent.Result.ADOPTED: "pass", VoteEvent.Result.REJECTED: "fail"}


def council_group_id(pk: int) -> str:
    return f"{PREFIX}:organization:council_group:{pk}"


def party_id(pk: int) -> str:
    return f"{PREFIX}:organization:party:{pk}"


def person_id(pk: int) -> str:
    return f"{PREFIX}:person:{pk}"


def motion_id(pk: int) -> str:
    return f"{PREFIX}:motion:{pk}"


def vote_event_id(pk: int) -> str:
    return f"{PREFIX}:vote_event:{pk}"


def vote_id(pk: int) -> str:
    return f"{PREFIX}:vote:{pk}"


def _datetime(value: dt.datetime) -> str:
    # RFC 3339 with the offset of the council's time zone: what "format: date-time" means.
    return timezone.localtime(value).isoformat()


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: Popolo properties are optional, and null says nothing more."""
    return {key: value for key, value in obj.items() if value not in (None, "", [])}


def exported_vote_events() -> Any:
    """The scrutins worth publishing: a result recorded, or at least one vote recorded."""
    has_votes = Exists(Vote.objects.filter(vote_event=OuterRef("pk")))
    return (
        VoteEvent.objects.filter(~Q(result="") | Q(has_votes))
        .select_related("sitting__body__term", "report", "filing")
        .prefetch_related(
            Prefetch(
                "group_results",
                queryset=GroupResult.objects.select_related("council_group").order_by(
                    "council_group__name", "pk"
                ),
            ),
            Prefetch("votes", queryset=Vote.objects.order_by("councillor_id", "pk")),
        )
        .order_by("sitting__starts_at", "order", "pk")
    )


def _organizations(
    group: Group | None, council_groups: Iterable[CouncilGroup], parties: Iterable[Party]
) -> list[dict[str, Any]]:
    council_name = group.council_name if group else "Conseil régional"
    organizations = [
        _compact(
            {"id": COUNCIL_ID, "name": council_name, "classification": "legislature"},
        )
    ]
    for council_group in council_groups:
        term: Term = council_group.term
        organizations.append(
            _compact(
                {
                    "id": council_group_id(council_group.pk),
                    "name": council_group.name,
                    "other_names": [{"name": council_group.short_name, "note": "sigle"}]
                    if council_group.short_name
                    else [],
                    "classification": "groupe politique",
                    "parent_id": COUNCIL_ID,
                    "founding_date": term.start_date.isoformat(),
                    "dissolution_date": term.end_date.isoformat()
                    if council_group.is_archived
                    else None,
                }
            )
        )
    for party in parties:
        organizations.append(
            _compact(
                {
                    "id": party_id(party.pk),
                    "name": party.name,
                    "other_names": [{"name": party.short_name, "note": "sigle"}],
                    "classification": "party",
                }
            )
        )
    return organizations


def _person(councillor: Councillor, own_groups: list[CouncilGroup]) -> dict[str, Any]:
    ended = councillor.left_on or councillor.mandate_end
    memberships = [
        _compact(
            {
                "person_id": person_id(councillor.pk),
                "organization_id": council_group_id(own.pk),
                "role": "membre" if councillor.affiliation == "member" else "apparenté·e",
                "start_date": max(councillor.mandate_start, own.term.start_date).isoformat(),
                "end_date": ended.isoformat() if ended else None,
            }
        )
        for own in own_groups
        # Only the mandatures the councillor sat in.
        if councillor.mandate_start <= own.term.end_date
        and (ended is None or ended >= own.term.start_date)
    ]
    if councillor.party_id:
        memberships.append(
            {
                "person_id": person_id(councillor.pk),
                "organization_id": party_id(councillor.party_id),
            }
        )
    return _compact(
        {
            "id": person_id(councillor.pk),
            "name": f"{councillor.first_name} {councillor.last_name}",
            "given_name": councillor.first_name,
            "family_name": councillor.last_name,
            "sort_name": f"{councillor.last_name}, {councillor.first_name}",
            "honorific_prefix": councillor.civility,
            "memberships": memberships,
        }
    )


def _motion(event: VoteEvent) -> dict[str, Any]:
    if event.filing_id:
        classification = event.filing.kind  # type: ignore[union-attr]
        identifier = event.filing.registration_number  # type: ignore[union-attr]
    else:
        classification = "rapport"
        identifier = event.report.number  # type: ignore[union-attr]
    return _compact(
        {
            "id": motion_id(event.pk),
            "organization_id": COUNCIL_ID,
            "text": event.title,
            "identifier": identifier,
            "classification": classification,
            "date": _datetime(event.sitting.starts_at),
            "requirement": REQUIREMENT,
            "result": RESULTS.get(event.result),
        }
    )


def _group_outcome(result: GroupResult) -> str:
    if result.pour > result.contre:
        return "pass"
    if result.pour < result.contre:
        return "fail"
    return "tie"


def _counts(results: list[GroupResult]) -> list[dict[str, Any]]:
    if not results:
        # Without the council's figures we know only our own votes: no totals to claim.
        return []
    totals = [
        {"option": POPOLO_OPTIONS[option], "value": sum(getattr(r, option) for r in results)}
        for option in Option.values
    ]
    by_group = [
        {
            "option": POPOLO_OPTIONS[option],
            "value": getattr(result, option),
            "group_id": council_group_id(result.council_group_id),
        }
        for result in results
        for option in Option.values
    ]
    return totals + by_group


def _vote_event(event: VoteEvent, own_group_by_term: dict[int, int]) -> dict[str, Any]:
    results = list(event.group_results.all())
    own_id = own_group_by_term.get(event.sitting.body.term_id)
    votes = []
    # A secret ballot has no names to publish, even if the group noted its own votes.
    if event.mode != VoteEvent.Mode.SECRET:
        for vote in event.votes.all():
            votes.append(
                _compact(
                    {
                        "id": vote_id(vote.pk),
                        "vote_event_id": vote_event_id(event.pk),
                        "voter_id": person_id(vote.councillor_id),
                        "option": POPOLO_OPTIONS[vote.option],
                        "group_id": council_group_id(own_id) if own_id else None,
                        "role": "proxy" if vote.proxy_holder_id else None,
                    }
                )
            )
    return _compact(
        {
            "id": vote_event_id(event.pk),
            "organization_id": COUNCIL_ID,
            "identifier": event.report.deliberation_number if event.report_id else None,  # type: ignore[union-attr]
            "motion_id": motion_id(event.pk),
            "classification": event.mode,
            "start_date": _datetime(event.sitting.starts_at),
            "result": RESULTS.get(event.result),
            "counts": _counts(results),
            "group_results": [
                {"group_id": council_group_id(r.council_group_id), "result": _group_outcome(r)}
                for r in results
            ],
            "votes": votes,
        }
    )


def build_document() -> dict[str, list[dict[str, Any]]]:
    """The whole export; a fixed number of queries whatever the number of scrutins."""
    events = list(exported_vote_events())
    group = Group.objects.order_by("pk").first()
    council_groups = list(CouncilGroup.objects.select_related("term").order_by("term_id", "pk"))
    own_groups = [cg for cg in council_groups if cg.own_group_id]
    own_group_by_term = {cg.term_id: cg.pk for cg in own_groups}
    councillors = list(Councillor.objects.order_by("pk"))
    party_ids = {c.party_id for c in councillors if c.party_id}
    parties = list(Party.objects.filter(pk__in=party_ids).order_by("pk"))
    if not (group or council_groups or councillors or events):
        return {"organizations": [], "persons": [], "motions": [], "vote_events": []}
    return {
        "organizations": _organizations(group, council_groups, parties),
        "persons": [_person(c, own_groups) for c in councillors],
        "motions": [_motion(e) for e in events],
        "vote_events": [_vote_event(e, own_group_by_term) for e in events],
    }
