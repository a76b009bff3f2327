"""Demo notification preferences: set before the group's work is replayed, so that the
president's notifications from that work wait for her morning digest, and the élu who
turned comments off has none on his Notifications page."""

from __future__ import annotations

from typing import Any

from hemicycle.core import notification_prefs

PREFERENCES = {
    # The president follows everything, but in one e-mail each morning.
    "presidence": {
        "filings.submitted": "digest",
        "filings.validated": "digest",
        "filings.filed": "digest",
        "filings.decided": "digest",
        "filings.commented": "digest",
        "filings.version_added": "digest",
    },
    # The élu keeps e-mails for deadlines only; the rest he reads in Hémicycle.
    "elu": {
        "filings.version_added": "app",
        "filings.commented": "app",
        "filings.cosigned": "app",
        "filings.filed": "app",
    },
    # The bureau member reviews everything: review requests at once, outcomes in the digest.
    "bureau": {"filings.decided": "digest", "filings.filed": "digest"},
}


def seed(*, users: dict[str, Any]) -> None:
    for username, changes in PREFERENCES.items():
        user = users[username]
        notification_prefs.save_preferences(user=user, changes=changes, acting_user=user)
