"""Every write of the votes area: opening a séance's scrutins, recording each councillor's
vote (one request per tap), confirming the proposals, the council's result, déports.

Each service runs in one transaction, checks its permission predicate and writes one
audit row when it changes something.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.core.services import ConcurrentEditError
from hemicycle.council.models import CouncilGroup
from hemicycle.filings.models import Filing
from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Attendance, Report, Sitting
from hemicycle.votes import permissions, tallies
from hemicycle.votes.models import GroupResult, NppvReason, Option, Recusal, Vote, VoteEvent

ABSENT_STATUSES = {Attendance.Status.ABSENT, Attendance.Status.EXCUSED}
# The group's line (positions.VoteLine.position) as a proposed vote; "free" proposes nothing.
LINE_TO_OPTION = {
    "pour": Option.POUR,
    "contre": Option.CONTRE,
    "abstention": Option.ABSTENTION,
    "nppv": Option.NPPV,
}


@dataclass(frozen=True)
class Proposal:
    """What the row shows before anyone taps: from the déports, attendance and the line."""

    option: str | None
    nppv_reason: str
    proxy_holder: Councillor | None
    why: str  # shown beside the row ("consigne", "absent·e sans pouvoir", "déport")
    locked: bool  # the only possible vote (absent without proxy, déport)


def propose(
    *, attendance: Attendance | None, line: str | None, recusal: Recusal | None
) -> Proposal:
    if recusal is not None:
        return Proposal(Option.NPPV, NppvReason.RECUSAL, None, f"déport : {recusal.reason}", True)
    if attendance is not None and attendance.status in ABSENT_STATUSES:
        return Proposal(Option.NPPV, NppvReason.ABSENT, None, "absent·e sans pouvoir", True)
    holder = None
    if attendance is not None and attendance.status == Attendance.Status.REPRESENTED:
        holder = attendance.proxy_holder
    option = LINE_TO_OPTION.get(line or "")
    why = "consigne du groupe" if option else "pas de consigne : à saisir"
    reason = NppvReason.CHOICE if option == Option.NPPV else ""
    return Proposal(option, reason, holder, why, False)


def _context(vote_event: VoteEvent, councillor: Councillor) -> Proposal:
    attendance = (
        Attendance.objects.select_related("proxy_holder")
        .filter(sitting_id=vote_event.sitting_id, councillor=councillor)
        .first()
    )
    recusal = (
        Recusal.objects.filter(report_id=vote_event.report_id, councillor=councillor).first()
        if vote_event.report_id
        else None
    )
    return propose(attendance=attendance, line=line_of(vote_event), recusal=recusal)


def line_of(vote_event: VoteEvent) -> str | None:
    """The group's line on this scrutin: the rapport's vote line, or "pour" on the group's
    own filing (a group votes for what it filed)."""
    if vote_event.filing_id:
        return "pour"
    if vote_event.report_id is None:
        return None
    from hemicycle.positions.models import VoteLine

    line = VoteLine.objects.filter(report_id=vote_event.report_id).first()
    return line.position if line else None


# --- scrutins -----------------------------------------------------------------------------


@transaction.atomic
def open_scrutins(*, sitting: Sitting, acting_user: Any) -> list[VoteEvent]:
    """Create the séance's scrutins: each rapport in agenda order, preceded by the group's
    filed amendments to it (amendments are voted before their rapport), then the vœux
    and motions. Existing scrutins are kept: this may run again after a late filing."""
    ensure(permissions.can_manage(acting_user))
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    existing_reports = set(
        VoteEvent.objects.filter(sitting=sitting, filing__isnull=True).values_list(
            "report_id", flat=True
        )
    )
    existing_filings = set(
        VoteEvent.objects.filter(sitting=sitting, filing__isnull=False).values_list(
            "filing_id", flat=True
        )
    )
    filed = list(
        Filing.objects.filter(
            sitting=sitting, status__in=[Filing.Status.FILED, Filing.Status.DECIDED]
        )
        .exclude(kind__in=["question_orale", "question_ecrite", "question_actualite", "tribune"])
        .select_related("report")
        .order_by("kind", "sequence")
    )
    order = (VoteEvent.objects.filter(sitting=sitting).aggregate(m=Max("order"))["m"] or 0) + 1
    created: list[VoteEvent] = []

    def add(**fields: Any) -> None:
        nonlocal order
        event = VoteEvent(sitting=sitting, order=order, **fields)
        event.full_clean()
        event.save()
        created.append(event)
        order += 1

    for report in Report.objects.filter(sitting=sitting).order_by("order", "number"):
        for filing in (f for f in filed if f.report_id == report.pk):
            if filing.pk not in existing_filings:
                add(
                    report=report,
                    filing=filing,
                    title=f"Amendement {filing.reference} — {filing.title}",
                )
        if report.pk not in existing_reports:
            add(report=report, title=f"Rapport {report.number} — {report.title}"[:300])
    for filing in (f for f in filed if f.report_id is None and f.pk not in existing_filings):
        add(
            filing=filing,
            title=f"{filing.get_kind_display()} {filing.reference} — {filing.title}"[:300],
        )
    if created:
        audit.record(
            actor=acting_user,
            action="votes.scrutins_opened",
            target=sitting,
            changes={"scrutins": [None, len(created)]},
        )
    return created


# --- individual votes ---------------------------------------------------------------------


def _check(vote_event: VoteEvent, councillor: Councillor, option: str, proposal: Proposal) -> None:
    if option not in Option.values:
        raise ValidationError({"option": "Choisissez pour, contre, abstention ou NPPV."})
    if proposal.locked and option != proposal.option:
        if proposal.nppv_reason == NppvReason.RECUSAL:
            raise ValidationError(
                f"{councillor} s’est déporté·e sur ce rapport ({proposal.why}) : "
                "son vote est « ne prend pas part au vote »."
            )
        raise ValidationError(
            f"{councillor} est absent·e sans pouvoir : son vote ne peut être que "
            "« ne prend pas part au vote (absent·e) ». Corrigez d’abord la feuille de présence."
        )


@transaction.atomic
def record_vote(
    *,
    vote_event: VoteEvent,
    councillor: Councillor,
    option: str,
    nppv_reason: str = "",
    acting_user: Any,
) -> Vote:
    """Set (not toggle) one councillor's vote: sending the same tap twice changes nothing."""
    ensure(permissions.can_record_for(acting_user, councillor.pk))
    if councillor.status != Councillor.Status.ACTIVE:
        raise ValidationError(f"{councillor} n’est plus membre du groupe.")
    proposal = _context(vote_event, councillor)
    _check(vote_event, councillor, option, proposal)
    if option == Option.NPPV:
        nppv_reason = (
            proposal.nppv_reason if proposal.locked else (nppv_reason or NppvReason.CHOICE)
        )
        if nppv_reason not in NppvReason.values:
            raise ValidationError({"nppv_reason": "Motif de non-participation inconnu."})
    else:
        nppv_reason = ""
    vote = (
        Vote.objects.select_for_update()
        .filter(vote_event=vote_event, councillor=councillor)
        .first()
    )
    before = (vote.option, vote.nppv_reason) if vote else (None, None)
    if vote is None:
        vote = Vote(vote_event=vote_event, councillor=councillor)
    elif before == (option, nppv_reason):
        return vote  # a repeated tap on a flaky connection
    else:
        vote.version += 1
    vote.option = option
    vote.nppv_reason = nppv_reason
    vote.proxy_holder = proposal.proxy_holder
    vote.recorded_by = acting_user
    vote.full_clean()
    vote.save()
    tallies.refresh([vote_event.pk])
    audit.record(
        actor=acting_user,
        action="votes.recorded",
        target=vote_event,
        changes={str(councillor): [before[0], option]},
    )
    return vote


@transaction.atomic
def confirm_proposals(*, vote_event: VoteEvent, acting_user: Any) -> int:
    """Record the proposed vote of every row nobody has recorded yet; returns how many."""
    ensure(permissions.can_record_all(acting_user))
    from hemicycle.votes import selectors

    done = 0
    for row in selectors.recording_rows(vote_event):
        if row.vote is None and row.proposal.option:
            record_vote(
                vote_event=vote_event,
                councillor=row.councillor,
                option=row.proposal.option,
                nppv_reason=row.proposal.nppv_reason,
                acting_user=acting_user,
            )
            done += 1
    return done


# --- the council's result -----------------------------------------------------------------

Counts = dict[int, tuple[int, int, int, int]]  # council group pk -> pour, contre, abst., nppv


def computed_result(pour: int, contre: int, tie_break: str) -> str | None:
    """Majority of the suffrages exprimés (pour + contre); on a tie the president decides."""
    if pour > contre:
        return VoteEvent.Result.ADOPTED
    if contre > pour:
        return VoteEvent.Result.REJECTED
    if pour == contre == 0:
        return None
    if tie_break == Option.POUR:
        return VoteEvent.Result.ADOPTED
    if tie_break == Option.CONTRE:
        return VoteEvent.Result.REJECTED
    return None


@transaction.atomic
def record_result(
    *,
    vote_event: VoteEvent,
    counts: Counts,
    mode: str,
    result: str,
    tie_break: str,
    expected_version: int | None,
    acting_user: Any,
) -> VoteEvent:
    """The council's counts by group and the result; refused whole if anything is off."""
    ensure(permissions.can_manage(acting_user))
    current = VoteEvent.objects.select_for_update().get(pk=vote_event.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current)
    groups = {g.pk: g for g in CouncilGroup.objects.filter(pk__in=counts)}
    errors: list[str] = []
    for pk, values in counts.items():
        group = groups.get(pk)
        if group is None:
            errors.append("Un groupe de la saisie n’existe pas.")
            continue
        if any(v < 0 for v in values):
            errors.append(f"{group.short_name} : les nombres de voix sont positifs.")
        if sum(values) > group.seats:
            errors.append(
                f"{group.short_name} : {sum(values)} voix pour {group.seats} élu·es dans le groupe."
            )
    if errors:
        raise ValidationError(errors)
    pour = sum(v[0] for v in counts.values())
    contre = sum(v[1] for v in counts.values())
    if pour != contre:
        tie_break = ""
    computed = computed_result(pour, contre, tie_break)
    if pour == contre and pour > 0 and not tie_break:
        raise ValidationError(
            {
                "tie_break": f"Égalité ({pour} pour, {contre} contre) : indiquez la voix "
                "prépondérante du président."
            }
        )
    if computed is None and not result:
        raise ValidationError({"result": "Sans décompte des voix, indiquez le résultat."})
    if computed is not None and result and result != computed:
        raise ValidationError(
            {
                "result": f"Le résultat saisi ne correspond pas aux voix : {pour} pour, {contre} "
                f"contre donnent « {VoteEvent.Result(computed).label.lower()} »."
            }
        )
    before = audit.snapshot(current, ["mode", "result", "tie_break"])
    for pk, (p, c, a, n) in counts.items():
        GroupResult.objects.update_or_create(
            vote_event=current,
            council_group_id=pk,
            defaults={"pour": p, "contre": c, "abstention": a, "nppv": n},
        )
    current.mode = mode
    current.result = computed or result
    current.tie_break = tie_break
    current.result_recorded_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    changes = audit.diff(before, audit.snapshot(current, ["mode", "result", "tie_break"]))
    changes["voix"] = [None, f"{pour} pour, {contre} contre"]
    audit.record(actor=acting_user, action="votes.result_recorded", target=current, changes=changes)
    return current


# --- déports ------------------------------------------------------------------------------


@transaction.atomic
def add_recusal(
    *, report: Report, councillor: Councillor, reason: str, acting_user: Any
) -> Recusal:
    ensure(permissions.can_manage(acting_user))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif du déport."})
    if Recusal.objects.filter(report=report, councillor=councillor).exists():
        raise ValidationError({"councillor": f"Le déport de {councillor} est déjà noté."})
    recusal = Recusal(report=report, councillor=councillor, reason=reason, recorded_by=acting_user)
    recusal.full_clean()
    recusal.save()
    # A vote already recorded against the déport becomes NPPV (déport), visibly.
    for vote in Vote.objects.filter(vote_event__report=report, councillor=councillor).exclude(
        option=Option.NPPV, nppv_reason=NppvReason.RECUSAL
    ):
        vote.option, vote.nppv_reason, vote.version = (
            Option.NPPV,
            NppvReason.RECUSAL,
            vote.version + 1,
        )
        vote.save()
    tallies.refresh(VoteEvent.objects.filter(report=report).values_list("pk", flat=True))
    audit.record(
        actor=acting_user,
        action="votes.recusal_added",
        target=report,
        changes={"déport": [None, f"{councillor} ({reason})"]},
    )
    return recusal
