"""Background jobs of the sittings area (Huey; immediate in tests and the demo)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=1, retry_delay=30)
def extract_document_text(document_id: int) -> None:
    """Read a document's PDF text with pypdfium2 and store it with its status."""
    from hemicycle.sittings.services import store_extraction

    store_extraction(document_id=document_id)


# The consumer loads each app's tasks.py only: register the agenda import's job here too.
from hemicycle.sittings.imports.tasks import read_batch  # noqa: E402, F401
