"""Where each OParl object lives: its path in the exported tree and its URL (its id).

The tree is meant to be served as static files under the publication URL, so each id is
the publication URL followed by the object's path, `.json` included: a plain web server
then answers every id with its object, as OParl requires.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings

from hemicycle.opendata.models import OpenDataSettings

OPARL = "https://schema.oparl.org/1.1/"
BODY_KEY = "conseil-regional"
# Objects per page of an external list; OParl leaves the size to the server.
PAGE_SIZE = 100


def base_url(opendata: OpenDataSettings) -> str:
    url = opendata.publication_url or f"{settings.HEMICYCLE_SITE_URL}/donnees-ouvertes/oparl"
    return url.rstrip("/")


def type_uri(name: str) -> str:
    return f"{OPARL}{name}"


class Layout:
    """Paths (relative to the export folder) and ids of every object of one export."""

    def __init__(self, base: str) -> None:
        self.base = base

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"

    # --- paths -----------------------------------------------------------------------------
    system = "system.json"
    body_list = "body.json"
    body = f"body/{BODY_KEY}.json"

    @staticmethod
    def body_list_path(kind: str, page: int = 1) -> str:
        """An external list of the body: `body/conseil-regional/paper.json`, then `paper-2.json`."""
        suffix = "" if page == 1 else f"-{page}"
        return f"body/{BODY_KEY}/{kind}{suffix}.json"

    @staticmethod
    def term(pk: int) -> str:
        return f"legislativeterm/{pk}.json"

    @staticmethod
    def instance(pk: int) -> str:
        return f"organization/instance-{pk}.json"

    @staticmethod
    def council_group(pk: int) -> str:
        return f"organization/groupe-{pk}.json"

    @staticmethod
    def roster_person(pk: int) -> str:
        return f"person/conseiller-{pk}.json"

    @staticmethod
    def group_person(pk: int) -> str:
        return f"person/elu-groupe-{pk}.json"

    @staticmethod
    def group_membership(pk: int) -> str:
        return f"membership/groupe-{pk}.json"

    @staticmethod
    def own_membership(pk: int) -> str:
        return f"membership/elu-groupe-{pk}.json"

    @staticmethod
    def seat_membership(pk: int) -> str:
        return f"membership/siege-{pk}.json"

    @staticmethod
    def meeting(pk: int) -> str:
        return f"meeting/{pk}.json"

    @staticmethod
    def agenda_item(pk: int) -> str:
        return f"agendaitem/{pk}.json"

    @staticmethod
    def report_paper(pk: int) -> str:
        return f"paper/rapport-{pk}.json"

    @staticmethod
    def filing_paper(pk: int) -> str:
        return f"paper/depot-{pk}.json"

    @staticmethod
    def report_consultation(pk: int) -> str:
        return f"consultation/rapport-{pk}.json"

    @staticmethod
    def filing_consultation(pk: int) -> str:
        return f"consultation/depot-{pk}.json"

    @staticmethod
    def file(pk: int) -> str:
        return f"file/{pk}.json"

    @staticmethod
    def file_content(pk: int, name: str) -> str:
        return f"file/{pk}/{safe_file_name(name)}"

    @staticmethod
    def location(key: str) -> str:
        return f"location/{key}.json"


def safe_file_name(name: str) -> str:
    """A name a URL and every file system accept: ASCII letters, digits, - _ and one dot."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, "pdf"
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-")[:80] or "document"
    ascii_extension = re.sub(r"[^A-Za-z0-9]", "", extension)[:8].lower() or "pdf"
    return f"{ascii_stem}.{ascii_extension}"
