"""The règlement intérieur applied to filings: deadlines, quotas, signatories, lengths.

Pure reads of the council settings (council.FilingRule), shared by the services (which
refuse) and the pages (which warn).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from hemicycle.council.models import FilingRule
from hemicycle.council.selectors import current_term
from hemicycle.filings.models import Filing
from hemicycle.sittings.formatting import countdown
from hemicycle.sittings.selectors import SOON


def rule_for(filing: Filing) -> FilingRule | None:
    term_id = filing.sitting.body.term_id if filing.sitting is not None else None
    if term_id is None:
        term = current_term()
        term_id = term.pk if term else None
    if term_id is None:
        return None
    return FilingRule.objects.filter(term_id=term_id, kind=filing.kind).first()


def deadline_of(
    filing: Filing, rule: FilingRule | None = None, *, lookup: bool = True
) -> dt.datetime | None:
    """When the filing must be in: the séance's start minus the rule's delay, or `due_at`.

    Without a rule for its kind, a séance's filing is due when the séance opens. Pages
    pass the rule they already hold with `lookup=False` to avoid a query per row.
    """
    if filing.sitting is not None:
        if rule is None and lookup:
            rule = rule_for(filing)
        if rule is not None:
            return filing.sitting.deadline_for(rule.deadline_hours)
        return filing.sitting.starts_at
    return filing.due_at


@dataclass(frozen=True)
class DeadlineInfo:
    at: dt.datetime
    now: dt.datetime

    @property
    def passed(self) -> bool:
        return self.at <= self.now

    @property
    def soon(self) -> bool:
        return not self.passed and self.at - self.now <= SOON

    @property
    def countdown(self) -> str:
        return countdown(self.at - self.now)


def deadline_info(filing: Filing, rule: FilingRule | None = None) -> DeadlineInfo | None:
    at = deadline_of(filing, rule, lookup=rule is None)
    return DeadlineInfo(at=at, now=timezone.now()) if at else None


def quota_used(filing: Filing, *, filed_only: bool) -> int:
    """How many filings of this kind the group has in the séance (this one excluded)."""
    if not filing.sitting_id:
        return 0
    qs = Filing.objects.filter(sitting_id=filing.sitting_id, kind=filing.kind).exclude(pk=filing.pk)
    if filed_only:
        qs = qs.filter(status__in=[Filing.Status.FILED, Filing.Status.DECIDED])
    else:
        qs = qs.exclude(status=Filing.Status.ABANDONED)
    return qs.count()


def signatory_count(filing: Filing) -> int:
    authors = filing.authorships.count()
    cosigners = filing.cosignatures.filter(withdrawn_at__isnull=True).count()
    return authors + cosigners


def length_excess(filing: Filing, text_length: int, rule: FilingRule | None) -> int:
    """Characters above the rule's maximum (tribunes), or 0."""
    if rule is None or not rule.max_length:
        return 0
    return max(0, text_length - rule.max_length)


def warnings_for(filing: Filing, rule: FilingRule | None, text_length: int) -> list[str]:
    """What the page shows before anyone tries to file: quota, signatories, length."""
    warnings: list[str] = []
    if rule is not None and rule.max_per_sitting and filing.sitting_id:
        used = quota_used(filing, filed_only=False) + 1
        if used > rule.max_per_sitting:
            warnings.append(
                f"Quota dépassé : {used} {filing.get_kind_display().lower()}s en préparation "
                f"pour cette séance, le règlement en autorise {rule.max_per_sitting} par groupe. "
                "Il faudra en abandonner avant le dépôt."
            )
    if rule is not None and rule.min_signatories > 1:
        count = signatory_count(filing)
        if count < rule.min_signatories:
            warnings.append(
                f"Signataires : {count} sur les {rule.min_signatories} requis·es par le règlement."
            )
    excess = length_excess(filing, text_length, rule)
    if excess and rule is not None:
        warnings.append(
            f"Texte trop long : {text_length} caractères pour {rule.max_length} autorisés "
            f"({excess} de trop)."
        )
    return warnings
