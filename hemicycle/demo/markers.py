"""Confidential markers planted in the demo, for the leak crawler (tests/test_leaks.py).

Each marker is a unique string written into one confidential place of the demo data, with
the set of roles allowed to read it. The crawler logs in as every role, follows every link
it can reach and fails if a page, a PDF or a DOCX shows a marker to a role not listed here.
The markers are written through the services where one exists, so that the audit trail
(and every page showing it) carries them too, as it would for real data.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hemicycle.core import audit
from hemicycle.core.roles import BUREAU_ROLES, MEMBER_ROLES, Role
from hemicycle.demo import filings_demo
from hemicycle.filings import services as filings_services
from hemicycle.filings.models import Filing
from hemicycle.group import services as group_services
from hemicycle.group.models import Councillor, StaffContract, StaffMember
from hemicycle.positions import services as positions_services
from hemicycle.positions.models import BriefVersion, VoteLine

# The demo is also what visitors see: markers read like the references and numbers a
# secretariat really writes, yet appear nowhere else in the demo (the crawler checks that
# each role it allows does find them).
NOTE = "réf. N-7f3a"
LINE = "réf. L-2b9e"
RATIONALE = "réf. A-c41d"
CONTRACT = "n° RH-5e08"
# ARCEP's fiction ranges, unused elsewhere in the demo.
COUNCILLOR_PHONE = "06 39 98 99 01"
STAFF_PHONE = "03 53 73 99 02"
AUDIT = "dossier J-81c7"
# Filings: a draft never shared, an internal comment on a shared filing (what a partner
# must never read), and the text of the shared filing (what that partner must read).
FILING_DRAFT = "réf. D-9a4c"
FILING_COMMENT = "réf. C-3d71"
FILING_SHARED = "réf. P-6b20"
# A déport's reason names the body the councillor sits on: the group's internal record.
RECUSAL = "réf. R-5c2e"
RECUSAL_REASON = f"Représente la Région au conseil d’administration du bénéficiaire ({RECUSAL})"

_MEMBERS = frozenset(str(r) for r in MEMBER_ROLES)

# marker → the roles (Role values, which are also the demo usernames) allowed to see it.
MARKERS: dict[str, frozenset[str]] = {
    # A note d'enjeux: internal work, the group's own people only.
    NOTE: _MEMBERS,
    # The motivation of a vote line, before and after the vote: internal.
    RATIONALE: _MEMBERS,
    # A second marker in the same rationale, on its own line (survives text wrapping).
    LINE: _MEMBERS,
    # Staff contracts are HR data: bureau and above (group.permissions.can_view_contracts).
    CONTRACT: frozenset(str(r) for r in BUREAU_ROLES),
    # Contact details (GDPR special category): members only, never observers or partners.
    COUNCILLOR_PHONE: _MEMBERS,
    STAFF_PHONE: _MEMBERS,
    # Filings before filing are internal, and internal comments stay internal even on a
    # filing shared with a partner group.
    FILING_DRAFT: _MEMBERS,
    FILING_COMMENT: _MEMBERS,
    # The shared filing: the group's people and the partner of the group it is shared with.
    FILING_SHARED: _MEMBERS | {str(Role.PARTENAIRE)},
    RECUSAL: _MEMBERS,
    # The audit log is the secretariat's alone.
    AUDIT: frozenset({str(Role.SECRETARIAT)}),
}


@transaction.atomic
def plant(*, acting_user: Any) -> dict[str, Any]:
    """Write every marker into the demo; returns the objects that carry them."""
    planted: dict[str, Any] = {}

    # The latest version of the first note d'enjeux of a rapport whose line is set.
    line = VoteLine.objects.select_related("report").order_by("pk").first()
    assert line is not None, "the demo has no vote line: plant() runs after council_work"
    version = BriefVersion.objects.filter(brief__report=line.report).order_by("-number").first()
    assert version is not None
    # Versions are never edited in the product; the demo builds them directly.
    version.text = f"{version.text}\n\nPoint sensible à ne pas diffuser : {NOTE}."
    version.save(update_fields=["text"])
    planted["brief_version"] = version

    planted["vote_line"] = positions_services.set_vote_line(
        report=line.report,
        data={
            "position": line.position,
            "rationale": f"{line.rationale}\nArbitrage interne : {RATIONALE}.\n{LINE}",
            "explanation": line.explanation,
            "decided_on": line.decided_on,
        },
        expected_version=line.version,
        acting_user=acting_user,
    )

    contract = StaffContract.objects.select_related("staff_member").order_by("pk").first()
    assert contract is not None
    planted["contract"] = group_services.update_contract(
        contract=contract,
        data={"label": f"CDD {CONTRACT}"},
        expected_version=contract.version,
        acting_user=acting_user,
    )

    councillor = Councillor.objects.filter(status=Councillor.Status.ACTIVE).order_by("pk").first()
    assert councillor is not None
    planted["councillor"] = group_services.update_councillor(
        councillor=councillor,
        data={"phone": COUNCILLOR_PHONE},
        expected_version=councillor.version,
        acting_user=acting_user,
    )

    member = StaffMember.objects.order_by("pk").first()
    assert member is not None
    planted["staff_member"] = group_services.update_staff_member(
        member=member,
        data={"phone": STAFF_PHONE},
        expected_version=member.version,
        acting_user=acting_user,
    )

    draft = Filing.objects.get(title=filings_demo.DRAFT_TITLE)
    latest = draft.latest_version()
    assert latest is not None
    planted["filing_draft"] = filings_services.add_version(
        filing=draft,
        texts={
            "original_text": latest.original_text,
            "text": latest.text,
            "motives": f"{latest.motives}\nChiffrage interne : {FILING_DRAFT}.",
        },
        summary="Chiffrage",
        base_number=latest.number,
        acting_user=acting_user,
    )
    shared = Filing.objects.get(title=filings_demo.SHARED_TITLE)
    planted["filing_comment"] = filings_services.add_comment(
        filing=shared,
        text=f"Position de repli si la majorité refuse : plafond à 600 € ({FILING_COMMENT}).",
        internal=True,
        version=None,
        acting_user=acting_user,
    )
    # Versions are never edited in the product; the demo builds them directly.
    shared_version = shared.latest_version()
    assert shared_version is not None
    shared_version.motives = f"{shared_version.motives}\nSource : {FILING_SHARED}."
    shared_version.save(update_fields=["motives"])
    planted["filing_shared"] = shared_version

    planted["audit_entry"] = audit.record(
        actor=acting_user,
        action="demo.markers",
        note=f"Vérification des droits d’accès ({AUDIT}).",
    )
    return planted
