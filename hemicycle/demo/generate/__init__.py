"""Generated data at scale: N full mandatures, for benchmarks and load checks.

Unlike `seed_demo`, which replays the group's work through the services so that every
area is shown as a user would build it, this module writes rows directly with
`bulk_create`, in batches, from generators: a whole mandature (≈ 25,000 rapports,
≈ 350,000 individual votes) takes seconds, not hours, and memory stays bounded because no
step holds more than one batch of rows (plus a few compact tuples per rapport).

The data is made of `Step`s run in order for each mandature (a `Unit`). Each step is a
generator of unsaved model instances; the runner inserts them and, when the step says so,
hands every inserted batch (with primary keys) to `keep`, which records what later steps
need. A later area adds its share in a few lines:

    def _contacts(unit: Unit) -> Iterator[Contact]:
        rng = unit.rng("contacts")
        for n in range(unit.sizes.scaled(400)):
            yield Contact(...)

    STEPS.append(Step("contacts.Contact", _contacts))

Every random choice comes from `unit.rng(step name)`, a generator seeded by the seed, the
mandature and the step: the same seed gives the same rows, and adding a step does not
change the rows of the others.

Dates are fixed, and every mandature is over: mandature k (0 = the latest, whose group is
the installation's current group) runs from January 2016 − 6k to June 2021 − 6k, so that
the data does not depend on the day it is generated (every séance is held and voted).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Model

from hemicycle.core.search import index as search_index
from hemicycle.demo.generate.base import BATCH_SIZE, Shared, Sizes, Step, Unit
from hemicycle.demo.generate.council import (
    _accounts,
    _bodies,
    _council_groups,
    _councillors,
    _groups,
    _keep_bodies,
    _keep_council_groups,
    _keep_councillors,
    _keep_group,
    _keep_parties,
    _keep_term,
    _keep_themes,
    _keep_user,
    _parties,
    _roster,
    _seats,
    _terms,
    _themes,
)
from hemicycle.demo.generate.filings import (
    _filing_authors,
    _filing_versions,
    _filings,
    _keep_filings,
    _keep_sub_amendments,
    _sub_amendments,
)
from hemicycle.demo.generate.sittings import (
    _attendance,
    _keep_reports,
    _keep_sittings,
    _recusals,
    _report_commissions,
    _report_departments,
    _report_themes,
    _reports,
    _sittings,
    _vote_lines,
)
from hemicycle.demo.generate.votes import (
    _group_results,
    _keep_vote_events,
    _party_tallies,
    _scrutin_tallies,
    _vote_events,
    _votes,
)

STEPS: list[Step] = [
    Step("accounts.User", _accounts, _keep_user),
    Step("council.Term", _terms, _keep_term),
    Step("group.Party", _parties, _keep_parties),
    Step("group.Group", _groups, _keep_group),
    Step("group.Councillor", _councillors, _keep_councillors),
    Step("council.CouncilGroup", _council_groups, _keep_council_groups),
    Step("council.RosterMember", _roster),
    Step("council.Body", _bodies, _keep_bodies),
    Step("council.Seat", _seats),
    Step("sittings.Theme", _themes, _keep_themes),
    Step("sittings.Sitting", _sittings, _keep_sittings),
    Step("sittings.Report", _reports, _keep_reports),
    Step("sittings.Report_commissions", _report_commissions),
    Step("sittings.Report_themes", _report_themes),
    Step("sittings.ReportDepartment", _report_departments),
    Step("positions.VoteLine", _vote_lines),
    Step("sittings.Attendance", _attendance),
    Step("votes.Recusal", _recusals),
    Step("votes.VoteEvent", _vote_events, _keep_vote_events),
    Step("votes.Vote", _votes),
    Step("votes.GroupResult", _group_results),
    Step("votes.ScrutinTally", _scrutin_tallies),
    Step("votes.PartyTally", _party_tallies),
    Step("filings.Filing", _filings, _keep_filings),
    Step("filings.Filing (sous-amendements)", _sub_amendments, _keep_sub_amendments),
    Step("filings.FilingAuthor", _filing_authors),
    Step("filings.FilingVersion", _filing_versions),
]


# --- the runner ------------------------------------------------------------------------------


@dataclass
class Timing:
    rows: int = 0
    seconds: float = 0.0


def _batches(rows: Iterable[Model], size: int) -> Iterator[list[Model]]:
    batch: list[Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(step: Step, unit: Unit, batch_size: int) -> int:
    count = 0
    for batch in _batches(step.build(unit), batch_size):
        model: type[Model] = type(batch[0])
        manager: models.Manager[Any] = model._default_manager
        manager.bulk_create(batch, batch_size=batch_size)
        if step.keep is not None:
            step.keep(unit, batch)
        count += len(batch)
    return count


def generate(
    *,
    scale: int,
    seed: int,
    fraction: float = 1.0,
    batch_size: int = BATCH_SIZE,
    steps: list[Step] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Timing]:
    """Build `scale` mandatures; returns the rows and seconds of each step, summed over the
    mandatures, in the order of the steps.

    On SQLite everything goes in one transaction (one fsync instead of thousands); on
    PostgreSQL each mandature gets its own, so that a long run keeps what it finished.
    """
    from django.db import connection

    sizes = Sizes(fraction=fraction)
    shared = Shared(seed=seed)
    steps = STEPS if steps is None else steps
    timings: dict[str, Timing] = {step.name: Timing() for step in steps}
    one_transaction = connection.vendor == "sqlite"
    with transaction.atomic() if one_transaction else nullcontext():
        for index in range(scale):
            unit = Unit.build(index, sizes, shared)
            with nullcontext() if one_transaction else transaction.atomic():
                for step in steps:
                    started = time.perf_counter()
                    rows = _insert(step, unit, batch_size)
                    timing = timings[step.name]
                    timing.rows += rows
                    timing.seconds += time.perf_counter() - started
            if progress is not None:
                progress(f"{unit.term} : terminée ({index + 1}/{scale})")
        if steps is STEPS:
            # Rows were bulk-inserted past the services: index them all at once.
            started = time.perf_counter()
            counts = search_index.rebuild()
            timings["core.SearchDocument"] = Timing(
                rows=sum(counts.values()), seconds=time.perf_counter() - started
            )
    return timings
