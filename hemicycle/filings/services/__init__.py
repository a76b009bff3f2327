"""Every write of the filings area: drafting, the workflow, sharing, comments, signatures.

The workflow is the table TRANSITIONS and one service per transition; each runs in one
transaction, checks its permission predicate, writes one audit row and notifies after
commit. This package gathers the services by concept and re-exports them.
"""

from hemicycle.core import audit, notifications  # noqa: F401  (failure-injection tests patch them here)
from hemicycle.filings.services.common import TEXT_FIELDS, TRANSITIONS, FilingConflict
from hemicycle.filings.services.deadlines import reminder_hours, send_deadline_reminders
from hemicycle.filings.services.drafting import add_version, create_filing, update_details
from hemicycle.filings.services.partners import (
    add_comment,
    cosign,
    cosigners_available,
    revoke_share,
    share,
    withdraw_cosignature,
)
from hemicycle.filings.services.workflow import (
    abandon,
    file_filing,
    record_outcome,
    restore,
    return_to_draft,
    submit,
    validate,
)

__all__ = [
    "TEXT_FIELDS",
    "TRANSITIONS",
    "FilingConflict",
    "abandon",
    "add_comment",
    "add_version",
    "cosign",
    "cosigners_available",
    "create_filing",
    "file_filing",
    "record_outcome",
    "reminder_hours",
    "restore",
    "return_to_draft",
    "revoke_share",
    "send_deadline_reminders",
    "share",
    "submit",
    "update_details",
    "validate",
    "withdraw_cosignature",
]
