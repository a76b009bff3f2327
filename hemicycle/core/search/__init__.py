"""Global search: one index (`core.SearchDocument`) fed by the areas' search sources.

- `registry`: `SearchSource`, `Entry`, `register` (areas plug in from registrations.py);
- `index`: `index_object` / `index_objects` (called by services), `rebuild`;
- `query`: `search(user, q, …)`, permissions inside the SQL;
- `text`, `snippets`: French normalisation and highlighted passages.

See decision 0016.
"""

from hemicycle.core.search.index import index_object, index_objects, rebuild, remove
from hemicycle.core.search.registry import (
    Audience,
    Entry,
    SearchSource,
    partner_group,
    register,
)

__all__ = [
    "Audience",
    "Entry",
    "SearchSource",
    "index_object",
    "index_objects",
    "partner_group",
    "rebuild",
    "register",
    "remove",
]
