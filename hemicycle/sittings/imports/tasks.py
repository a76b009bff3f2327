"""Background job of the agenda import: reading a batch of PDFs, file by file."""

from huey.contrib.djhuey import task

from hemicycle.sittings.imports import pdfs


@task()
def read_batch(token: str) -> None:
    # Files only, no database rows: safe to run twice, and nothing to roll back.
    pdfs.read_pending(token)
